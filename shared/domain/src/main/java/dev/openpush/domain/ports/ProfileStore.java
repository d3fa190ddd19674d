package dev.openpush.domain.ports;

import dev.openpush.domain.profile.Profile;
import java.util.Collection;
import java.util.Map;

/** Where profiles and memberships live. Writes are all-or-nothing per {@link ProfileCommit}. */
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
}
