package dev.openpush.bench;

import dev.openpush.domain.event.EventParser;
import dev.openpush.domain.event.MalformedEventException;
import dev.openpush.domain.ports.ProfileCommit;
import dev.openpush.domain.ports.ProfileStore;
import dev.openpush.domain.profile.ArchivedHistory;
import dev.openpush.domain.profile.MembershipsCodec;
import dev.openpush.domain.profile.Profile;
import dev.openpush.domain.profile.ProfileChange;
import dev.openpush.domain.profile.ProfileCodec;
import dev.openpush.domain.profile.ProfileUpdater;
import dev.openpush.domain.profile.StoredEvent;
import dev.openpush.domain.segment.SegmentCatalog;
import dev.openpush.domain.segment.Segmenter;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Profiles held as their DynamoDB items hold them (the compressed body, the memberships' stored
 * form, the wake-up, the version), in memory: every load decodes fresh objects, as the ingest
 * function does with each batch, with the network taken out of the picture. Holding live objects
 * instead would make the benchmark pay for collecting 100,000 resident profiles, which no Lambda
 * holds.
 */
final class MapProfileStore implements ProfileStore {
  private record Item(byte[] body, byte[] memberships, long wakeAt, long version) {}

  private final Map<String, Item> items = new HashMap<>();
  private final Map<Long, byte[]> chunks = new HashMap<>();

  /**
   * Seeds users {@code user-0} to {@code user-(count - 1)} as stored profiles are in the steady
   * state: 20 events each over the 60 days before {@code now}, memberships and wake-ups computed.
   */
  void seed(Workload workload, SegmentCatalog catalog, int count, Instant now) {
    ProfileUpdater updater = ProfileUpdater.withDefaults();
    EventParser parser = new EventParser(Clock.fixed(now, ZoneOffset.UTC));
    Segmenter segmenter = new Segmenter();
    for (int u = 0; u < count; u++) {
      String user = "user-" + u;
      Profile p = new Profile(Workload.APP, user);
      for (int i = 0; i < 20; i++) {
        Instant at = now.minus(Duration.ofMinutes(workload.random().nextInt(60 * 24 * 60)));
        try {
          updater.apply(p, parser.parse(workload.event(user, at)), now);
        } catch (MalformedEventException e) {
          throw new IllegalStateException(e);
        }
      }
      segmenter.afterUpdate(p, ProfileChange.everything(), catalog, now);
      p.setVersion(1);
      put(p);
    }
  }

  /** Stores a profile as it stands, version included. */
  void put(Profile p) {
    byte[] memberships = MembershipsCodec.encode(p.memberships());
    items.put(
        p.userId(),
        new Item(
            // About what the profile item holds beside these two: keys, version, wake-up.
            ProfileCodec.encode(p, memberships.length + ITEM_KEYS_BYTES),
            memberships,
            p.nextWake() == null ? Long.MIN_VALUE : p.nextWake().toEpochMilli(),
            p.version()));
  }

  private static final int ITEM_KEYS_BYTES = 120;

  /** A freshly decoded copy of the stored profile, or null. */
  Profile get(String appId, String userId) {
    Item item = items.get(userId);
    if (item == null) {
      return null;
    }
    Profile p = new Profile(appId, userId);
    ProfileCodec.decode(item.body(), p);
    p.setMemberships(MembershipsCodec.decode(item.memberships()));
    if (item.wakeAt() != Long.MIN_VALUE) {
      p.setNextWake(Instant.ofEpochMilli(item.wakeAt()));
    }
    p.setVersion(item.version());
    return p;
  }

  @Override
  public Map<String, Profile> load(String appId, Collection<String> userIds) {
    Map<String, Profile> found = new HashMap<>();
    for (String id : userIds) {
      Profile p = get(appId, id);
      if (p != null) {
        found.put(id, p);
      }
    }
    return found;
  }

  @Override
  public void commit(ProfileCommit commit) {
    for (ProfileCommit.Write write : commit.writes()) {
      Profile p = write.profile();
      p.archive().toWrite().forEach(c -> chunks.put(c.chunk().id(), c.body()));
      p.archive().toDelete().forEach(c -> chunks.remove(c.id()));
      p.archive().stored();
      p.setVersion(p.version() + 1);
      put(p);
    }
  }

  @Override
  public void restoreHistory(Profile profile) {
    List<StoredEvent> events = new ArrayList<>();
    for (ArchivedHistory.Chunk chunk : profile.archive().chunks()) {
      events.addAll(ProfileCodec.decodeChunk(chunks.get(chunk.id())));
    }
    profile.archive().restore(profile.history(), events);
  }

  @Override
  public void purgeHistory(String appId, Collection<String> userIds) {
    // Chunks are keyed by content alone here; the benchmarks erase no one.
  }
}
