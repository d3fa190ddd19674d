package dev.openpush.domain.ports;

import dev.openpush.domain.profile.Profile;
import java.util.Collection;
import java.util.Map;

/**
 * Where profiles and memberships live. Writes are all-or-nothing per {@link ProfileCommit}; the
 * history chunks a commit's profiles made ({@link
 * dev.openpush.domain.profile.ArchivedHistory#toWrite}) are stored before them, and those they
 * stopped listing are deleted after.
 */
public interface ProfileStore {

  /**
   * The stored profiles among {@code userIds} (pointers included); absent ids are not in the map.
   */
  Map<String, Profile> load(String appId, Collection<String> userIds);

  /**
   * Writes the profiles and their membership changes, provided no profile changed since it was
   * read.
   *
   * @throws ConcurrentUpdateException when another writer got there first; nothing was written
   * @throws ProfileTooLargeException when a profile's stored form would exceed {@link
   *     dev.openpush.domain.profile.ProfileCodec#MAX_STORED_BYTES}; nothing was written
   */
  void commit(ProfileCommit commit);

  /**
   * Puts the events of the profile's history chunks back into its history ({@link
   * dev.openpush.domain.profile.ArchivedHistory#restore}), for what reads the whole history or
   * further back than the item holds. The chunks are deleted once the profile is committed without
   * them.
   *
   * @throws ConcurrentUpdateException when a listed chunk is gone: another writer replaced it since
   *     the profile was read
   */
  void restoreHistory(Profile profile);

  /**
   * Deletes every history chunk stored under these ids, listed or not: what erasure does last, so
   * that nothing of an erased user remains (a chunk written by a writer that lost a race is listed
   * nowhere).
   */
  void purgeHistory(String appId, Collection<String> userIds);
}
