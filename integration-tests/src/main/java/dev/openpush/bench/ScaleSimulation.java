package dev.openpush.bench;

import dev.openpush.aws.dynamodb.PartitionKeys;
import dev.openpush.domain.ingest.IncomingRecord;
import dev.openpush.domain.ingest.IngestService;
import dev.openpush.domain.ports.ProfileCommit;
import dev.openpush.domain.ports.ProfileStore;
import dev.openpush.domain.profile.Profile;
import dev.openpush.domain.profile.ProfileCodec;
import dev.openpush.domain.segment.MembershipChange;
import dev.openpush.domain.segment.SegmentCatalog;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Writes per second on every partition key of every table and index, at 1,000, 10,000 and 100,000
 * events a second, for an app of a million users: {@code bin/bench scale} (docs/scale.md).
 *
 * <p>Two steps. First the real ingest path runs the benchmark workload (100 segments, sessions of
 * 2-6 events, 1 % of sessions from ids never seen) over 20,000 users in memory and records every
 * commit: the segments it enters or leaves, whether the wake-up moved and where to, whether the
 * profile is new, its stored size. Then each second of traffic replays recorded commits onto users
 * drawn from a million (a fifth of them sending most of it), and adds up write units per partition
 * key with the store's own key functions ({@link PartitionKeys}). A transaction bills twice; member
 * items are plain writes of the memberships function.
 */
public final class ScaleSimulation {
  private static final Instant NOW = Instant.parse("2026-11-20T12:00:00Z");
  private static final int MEASURED_USERS = 20_000;
  private static final int POPULATION = 1_000_000;
  private static final double PARTITION_LIMIT = 1_000;

  /** What one commit of one person wrote. */
  private record Commit(
      List<String> segments, Instant wake, boolean wakeMoved, boolean created, int kb) {
    /** A new person moves the app's user counter with the profile, in one transaction. */
    boolean transactional() {
      return created;
    }

    /** Before member items were projected from the profile stream, they moved with it too. */
    boolean transactionalBefore() {
      return !segments.isEmpty() || created;
    }
  }

  private ScaleSimulation() {}

  /** The events behind the recorded commits. */
  private static int recordedEvents;

  public static void main(String[] args) {
    List<Commit> commits = record();
    int events = recordedEvents;
    long changes = commits.stream().mapToLong(c -> c.segments().size()).sum();
    long moved = commits.stream().filter(Commit::wakeMoved).count();
    System.out.printf(
        "measured on the ingest path: %d events in %d person-commits (%.2f events each), %.3f"
            + " membership changes per event, wake-up moved in %.0f %% of commits%n%n",
        events,
        commits.size(),
        (double) events / commits.size(),
        (double) changes / events,
        100.0 * moved / commits.size());
    for (int rate : new int[] {1_000, 10_000, 100_000}) {
      simulate(rate, commits, events);
    }
    System.exit(0);
  }

  private static List<Commit> record() {
    Workload workload = new Workload(11);
    SegmentCatalog catalog = new SegmentCatalog(workload.segments(100, NOW));
    MapProfileStore memory = new MapProfileStore();
    memory.seed(workload, catalog, MEASURED_USERS, NOW);
    List<Commit> commits = new ArrayList<>();
    ProfileStore recording = new RecordingStore(memory, commits, new HashMap<>());
    IngestService ingest =
        new IngestService(
            recording, app -> catalog, letters -> {}, Clock.fixed(NOW, ZoneOffset.UTC));
    int fresh = 0;
    for (int b = 0; b < 400; b++) {
      List<IncomingRecord> batch = new ArrayList<>();
      while (batch.size() < 100) {
        String user =
            workload.random().nextInt(100) == 0 ? "new-" + fresh++ : workload.user(MEASURED_USERS);
        for (byte[] data :
            workload.session(user, NOW.minusSeconds(workload.random().nextInt(3600)))) {
          batch.add(new IncomingRecord(Integer.toString(batch.size()), "pk", NOW, data));
        }
      }
      ingest.process(batch);
      recordedEvents += batch.size();
    }
    return commits;
  }

  private static void simulate(int eventsPerSecond, List<Commit> commits, int recordedEvents) {
    Random random = new Random(eventsPerSecond);
    Map<String, Map<String, Double>> units = new java.util.TreeMap<>();
    double commitsPerSecond = (double) eventsPerSecond * commits.size() / recordedEvents;
    for (int i = 0; i < commitsPerSecond; i++) {
      Commit c = commits.get(random.nextInt(commits.size()));
      int id = random.nextInt(5) < 4 ? random.nextInt(POPULATION / 5) : random.nextInt(POPULATION);
      String user = "user-" + id;
      int factor = c.transactional() ? 2 : 1;
      add(units, "ProfilesTable", PartitionKeys.profile(Workload.APP, user), c.kb() * factor);
      if (c.created()) {
        add(units, "ProfilesTable/byApp", PartitionKeys.byApp(Workload.APP), 1);
      }
      if (c.wakeMoved() && c.wake() != null) {
        // The old entry's delete lands in the same hour's shard as often as not: counted there.
        String partition = PartitionKeys.byWake(Workload.APP, user, c.wake());
        add(units, "ProfilesTable/byWake", partition, 2);
        // What the index took before it was sharded: the hour alone.
        add(units, "ProfilesTable/byWake, hour only", partition.substring(0, 13), 2);
      }
      int factorBefore = c.transactionalBefore() ? 2 : 1;
      for (String segment : c.segments()) {
        // A member item, written by the memberships function from the profile stream.
        add(units, "MembershipsTable", PartitionKeys.members(Workload.APP, segment, user), 1.0);
        // What the table took this morning: the same shards, each item inside the transaction.
        add(
            units,
            "MembershipsTable, in the profile's transaction",
            PartitionKeys.members(Workload.APP, segment, user),
            1.0 * factorBefore);
        // What the table took before: one partition per segment, a counter beside each item.
        add(
            units,
            "MembershipsTable, unsharded",
            PartitionKeys.unshardedMembers(Workload.APP, segment),
            2.0 * factorBefore);
      }
    }
    System.out.printf(
        "%,d events/s (%,.0f person-commits/s):%n", eventsPerSecond, commitsPerSecond);
    units.forEach(
        (table, partitions) -> {
          Map.Entry<String, Double> busiest =
              partitions.entrySet().stream().max(Map.Entry.comparingByValue()).orElseThrow();
          double total = partitions.values().stream().mapToDouble(Double::doubleValue).sum();
          System.out.printf(
              "  %-32s %,10.0f WCU/s over %,8d partition keys; busiest %-28s %,8.0f WCU/s %s%n",
              table,
              total,
              partitions.size(),
              busiest.getKey(),
              busiest.getValue(),
              busiest.getValue() > PARTITION_LIMIT ? "OVER 1,000: throttled" : "ok");
        });
    System.out.println();
  }

  private static void add(
      Map<String, Map<String, Double>> units, String table, String partition, double wcu) {
    units.computeIfAbsent(table, t -> new HashMap<>()).merge(partition, wcu, Double::sum);
  }

  /** Records what each commit writes, then stores it in memory. */
  private record RecordingStore(
      MapProfileStore memory, List<Commit> commits, Map<String, Instant> wakes)
      implements ProfileStore {
    @Override
    public Map<String, Profile> load(String appId, Collection<String> userIds) {
      Map<String, Profile> loaded = memory.load(appId, userIds);
      loaded.values().forEach(p -> wakes.put(p.userId(), p.nextWake()));
      return loaded;
    }

    @Override
    public void commit(ProfileCommit commit) {
      for (ProfileCommit.Write write : commit.writes()) {
        Profile p = write.profile();
        Instant before = wakes.remove(p.userId());
        commits.add(
            new Commit(
                write.changes().stream().map(MembershipChange::segmentId).toList(),
                p.nextWake(),
                !java.util.Objects.equals(before, p.nextWake()),
                p.version() == 0,
                (ProfileCodec.encode(p).length + 300 + 1023) / 1024));
      }
      memory.commit(commit);
    }

    @Override
    public void restoreHistory(Profile profile) {
      memory.restoreHistory(profile);
    }

    @Override
    public void purgeHistory(String appId, Collection<String> userIds) {
      memory.purgeHistory(appId, userIds);
    }
  }
}
