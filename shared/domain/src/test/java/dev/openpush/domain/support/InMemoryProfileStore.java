package dev.openpush.domain.support;

import dev.openpush.domain.ports.ConcurrentUpdateException;
import dev.openpush.domain.ports.MemberIndex;
import dev.openpush.domain.ports.ProfileCommit;
import dev.openpush.domain.ports.ProfileStore;
import dev.openpush.domain.ports.ProfileTooLargeException;
import dev.openpush.domain.profile.ArchivedHistory;
import dev.openpush.domain.profile.MembershipsCodec;
import dev.openpush.domain.profile.Profile;
import dev.openpush.domain.profile.ProfileCodec;
import dev.openpush.domain.profile.StoredEvent;
import dev.openpush.domain.segment.MembershipChange;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * A profile store with the same version discipline as the DynamoDB one, holding encoded copies, and
 * its member index kept in step at every commit (the projection, without the lag).
 */
public final class InMemoryProfileStore implements ProfileStore, MemberIndex {
  private record Stored(long version, byte[] body, byte[] memberships, Instant wake) {}

  private final Map<String, Stored> profiles = new HashMap<>();
  private final Map<String, Set<String>> members = new HashMap<>();
  private final Map<String, Map<Long, byte[]>> chunks = new HashMap<>();
  public int commits;
  public int failNextCommits;

  @Override
  public synchronized Map<String, Profile> load(String appId, Collection<String> userIds) {
    Map<String, Profile> found = new HashMap<>();
    for (String id : userIds) {
      Stored stored = profiles.get(appId + "#" + id);
      if (stored != null) {
        Profile p = ProfileCodec.decode(stored.body, new Profile(appId, id));
        p.setVersion(stored.version);
        p.setMemberships(MembershipsCodec.decode(stored.memberships));
        p.setNextWake(stored.wake);
        found.put(id, p);
      }
    }
    return found;
  }

  @Override
  public synchronized void commit(ProfileCommit commit) {
    if (failNextCommits > 0) {
      failNextCommits--;
      throw new IllegalStateException("injected store failure");
    }
    for (ProfileCommit.Write write : commit.writes()) {
      int bytes = ProfileCodec.encode(write.profile()).length;
      if (bytes > ProfileCodec.MAX_STORED_BYTES) {
        throw new ProfileTooLargeException(commit.appId(), bytes, ProfileCodec.MAX_STORED_BYTES);
      }
      Stored current = profiles.get(commit.appId() + "#" + write.profile().userId());
      long version = current == null ? 0 : current.version;
      if (version != write.profile().version()) {
        throw new ConcurrentUpdateException("version moved");
      }
    }
    for (ProfileCommit.Write write : commit.writes()) {
      Profile p = write.profile();
      for (ArchivedHistory.PendingChunk pending : p.archive().toWrite()) {
        chunksOf(commit.appId(), p.userId()).put(pending.chunk().id(), pending.body());
      }
    }
    for (ProfileCommit.Write write : commit.writes()) {
      Profile p = write.profile();
      for (ArchivedHistory.Chunk gone : p.archive().toDelete()) {
        chunksOf(commit.appId(), p.userId()).remove(gone.id());
      }
      p.archive().stored();
      profiles.put(
          commit.appId() + "#" + p.userId(),
          new Stored(
              p.version() + 1,
              ProfileCodec.encode(p),
              MembershipsCodec.encode(p.memberships()),
              p.nextWake()));
      p.setVersion(p.version() + 1);
      apply(commit.appId(), write.changes());
    }
    commits++;
  }

  @Override
  public synchronized void apply(String appId, List<MembershipChange> changes) {
    for (MembershipChange change : changes) {
      Set<String> set = members.computeIfAbsent(change.segmentId(), k -> new TreeSet<>());
      if (change.kind() == MembershipChange.Kind.ENTERED) {
        set.add(change.userId());
      } else {
        set.remove(change.userId());
      }
    }
  }

  @Override
  public synchronized void restoreHistory(Profile profile) {
    List<StoredEvent> events = new ArrayList<>();
    for (ArchivedHistory.Chunk chunk : profile.archive().chunks()) {
      byte[] body = chunksOf(profile.appId(), profile.userId()).get(chunk.id());
      if (body == null) {
        throw new ConcurrentUpdateException("a history chunk was replaced");
      }
      events.addAll(ProfileCodec.decodeChunk(body));
    }
    profile.archive().restore(profile.history(), events);
  }

  @Override
  public synchronized void purgeHistory(String appId, Collection<String> userIds) {
    userIds.forEach(id -> chunks.remove(appId + "#" + id));
  }

  /** How many chunks are stored under the user, listed or not. */
  public synchronized int chunkCount(String appId, String userId) {
    return chunksOf(appId, userId).size();
  }

  private Map<Long, byte[]> chunksOf(String appId, String userId) {
    return chunks.computeIfAbsent(appId + "#" + userId, k -> new HashMap<>());
  }

  public synchronized Set<String> members(String segmentId) {
    return new TreeSet<>(members.getOrDefault(segmentId, Set.of()));
  }

  public synchronized Profile get(String appId, String userId) {
    return load(appId, java.util.List.of(userId)).get(userId);
  }
}
