package dev.openpush.bench;

import dev.openpush.aws.dynamodb.DynamoDbProfileStore;
import dev.openpush.aws.dynamodb.DynamoDbSegmentRepository;
import dev.openpush.aws.dynamodb.Tables;
import dev.openpush.aws.segments.CachedSegmentSource;
import dev.openpush.domain.ingest.IncomingRecord;
import dev.openpush.domain.ingest.IngestService;
import dev.openpush.domain.ports.ProfileCommit;
import dev.openpush.domain.profile.ArchivedHistory;
import dev.openpush.domain.profile.Profile;
import dev.openpush.domain.profile.ProfileCodec;
import dev.openpush.domain.profile.StoredEvent;
import dev.openpush.domain.segment.Segment;
import dev.openpush.domain.segment.SegmentCatalog;
import dev.openpush.local.DynamoDbStreamPoller;
import dev.openpush.local.Emulators;
import dev.openpush.local.LocalClients;
import dev.openpush.local.Repo;
import dev.openpush.local.TemplateResources;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * What a million events cost in the user's AWS account, at us-east-1 on-demand prices, beside
 * Amazon Pinpoint's 1 USD per million events: DynamoDB capacity units counted by AWS's rules
 * ({@link CapacityUnits}) on DynamoDB Local, Lambda at the measured CPU time per event on 1,024 MB,
 * Kinesis PUT payload units. 500 users with 1, 90 or 365 days of history (a session a day) send
 * sessions of 2-6 events in batches of 100, with 100 live segments. {@code bin/bench cost} prints
 * one line per history length.
 */
public final class CostBenchmark {
  private static final Instant NOW = Instant.parse("2026-11-20T12:00:00Z");
  private static final int USERS = 500;
  private static final int BATCHES = Integer.getInteger("bench.cost.batches", 30);

  // On-demand prices, us-east-1 (USD).
  private static final double USD_PER_WRITE_UNIT = 0.625 / 1e6;
  private static final double USD_PER_READ_UNIT = 0.125 / 1e6;
  private static final double USD_PER_GB_SECOND = 0.0000166667;
  private static final double USD_PER_LAMBDA_REQUEST = 0.20 / 1e6;
  private static final double USD_PER_KINESIS_PUT_UNIT = 0.014 / 1e6;
  private static final double LAMBDA_GB = 1.0;
  private static final int BATCH_SIZE = 100;

  private CostBenchmark() {}

  public static void main(String[] args) {
    // Only the figures go to standard output (scripts read them); the emulators print banners.
    PrintStream figures = System.out;
    System.setOut(System.err);
    String only = System.getProperty("bench.cost.days");
    for (int days : new int[] {1, 90, 365}) {
      if (only == null || only.equals(Integer.toString(days))) {
        figures.println(measure(days));
      }
    }
    System.exit(0);
  }

  private static String measure(int days) {
    Emulators emulators = Emulators.shared();
    LocalClients clients = LocalClients.of(emulators);
    Map<String, String> names =
        TemplateResources.read(Repo.root().resolve("template.yaml"))
            .create(clients, "cost" + UUID.randomUUID().toString().substring(0, 6) + "-");
    CapacityUnits units = new CapacityUnits();
    DynamoDbClient counted =
        LocalClients.dynamoBuilder(emulators)
            .overrideConfiguration(c -> c.addExecutionInterceptor(units))
            .build();
    Tables tables = Tables.fromTemplateNames(names);
    Workload workload = new Workload(5);
    List<Segment> segments = workload.segments(100, NOW);
    DynamoDbSegmentRepository repository = new DynamoDbSegmentRepository(counted, tables);
    segments.forEach(repository::create);
    DynamoDbProfileStore store = new DynamoDbProfileStore(counted, tables);
    // The memberships function, on the same counted client: its member item writes are part of
    // what an event costs. The seeded profiles' member items come from it too.
    DynamoDbStreamPoller memberships = DynamoDbStreamPoller.projectingMemberships(counted, tables);
    memberships.start();
    double chunkUnitsPerEvent = seedHistories(workload, segments, store, days);
    memberships.awaitCaughtUp(Duration.ofMinutes(10));

    IngestService ingest =
        new IngestService(
            store,
            new CachedSegmentSource(repository, Duration.ofMinutes(5)),
            letters -> {},
            Clock.fixed(NOW, ZoneOffset.UTC));
    units.reset();
    var threads = ManagementFactory.getThreadMXBean();
    long cpu = 0;
    int events = 0;
    for (int b = 0; b < BATCHES; b++) {
      List<IncomingRecord> batch = new ArrayList<>();
      while (batch.size() < BATCH_SIZE) {
        for (byte[] data :
            workload.session(
                workload.user(USERS), NOW.minusSeconds(workload.random().nextInt(3600)))) {
          if (batch.size() < BATCH_SIZE) {
            batch.add(new IncomingRecord(Integer.toString(batch.size()), "pk", NOW, data));
          }
        }
      }
      long before = threads.getCurrentThreadCpuTime();
      ingest.process(batch);
      cpu += threads.getCurrentThreadCpuTime() - before;
      events += batch.size();
    }
    memberships.awaitCaughtUp(Duration.ofMinutes(5));
    memberships.close();
    // No time passes in the measured batches, so no event leaves the item there; in steady
    // traffic every event leaves once, in a chunk (seedHistories measures what that costs).
    double wcu = units.writeUnits() / events + chunkUnitsPerEvent;
    double rcu = units.readUnits() / events;
    // Lambda bills wall time; the CPU time of the ingest thread stands in for it, on the share of
    // a core a 1,024 MB function gets (0.58 of one), as a lower bound without network waits.
    double lambdaSeconds = cpu / 1e9 / events / 0.58;
    double perMillion =
        1e6
            * (wcu * USD_PER_WRITE_UNIT
                + rcu * USD_PER_READ_UNIT
                + lambdaSeconds * LAMBDA_GB * USD_PER_GB_SECOND
                + USD_PER_LAMBDA_REQUEST / BATCH_SIZE
                + USD_PER_KINESIS_PUT_UNIT);
    String line =
        String.format(
            "cost history=%dd wcu_per_event=%.2f rcu_per_event=%.2f usd_per_million_events=%.2f",
            days, wcu, rcu, perMillion);
    StringBuilder spent = new StringBuilder("  write units per event by target:");
    final int measured = events;
    units
        .writeUnitsByTarget()
        .forEach((target, u) -> spent.append(String.format(" %s=%.3f", target, u / measured)));
    spent.append(String.format(" history chunks (steady state)=%.3f", chunkUnitsPerEvent));
    System.err.println(spent);
    counted.close();
    return line;
  }

  /**
   * Every user gets {@code days} of history, a session a day, built in memory as ingest would and
   * written once with its memberships: the steady state the measured batches meet.
   */
  /**
   * Seeds the users and returns the write units per event that moving events out of the item costs
   * in steady traffic: each user's archived events, cut in chunks of {@link
   * ArchivedHistory#MIN_CHUNK_EVENTS} (events leave as soon as that many wait), each chunk a put of
   * its size rounded up to the KB.
   */
  private static double seedHistories(
      Workload workload, List<Segment> segments, DynamoDbProfileStore store, int days) {
    MapProfileStore memory = new MapProfileStore();
    SegmentCatalog catalog = new SegmentCatalog(segments);
    double chunkUnits = 0;
    int chunkedEvents = 0;
    for (int day = days; day >= 1; day--) {
      // Each day's sessions arrive that day, so that a profile remembers the message ids of the
      // last week only (ProfileUpdater.IDEMPOTENCY_WINDOW), as it does in steady traffic.
      Instant arrived = NOW.minus(Duration.ofDays(day)).plus(Duration.ofHours(1));
      IngestService building =
          new IngestService(
              memory, app -> catalog, letters -> {}, Clock.fixed(arrived, ZoneOffset.UTC));
      List<IncomingRecord> batch = new ArrayList<>();
      for (int u = 0; u < USERS; u++) {
        for (byte[] data : workload.session("user-" + u, NOW.minus(Duration.ofDays(day)))) {
          batch.add(new IncomingRecord("s" + batch.size(), "pk", arrived, data));
        }
        if (batch.size() >= 500) {
          building.process(batch);
          batch = new ArrayList<>();
        }
      }
      building.process(batch);
    }
    for (int u = 0; u < USERS; u++) {
      Profile p = memory.get(Workload.APP, "user-" + u);
      memory.restoreHistory(p);
      Profile fresh = new Profile(Workload.APP, p.userId());
      ProfileCodec.decode(ProfileCodec.encode(p), fresh);
      fresh.setMemberships(p.memberships());
      fresh.setNextWake(p.nextWake());
      // What ingest leaves in the item and what it moves to chunks, as of the measured batches.
      fresh.archive().moveOut(fresh.history(), catalog.horizons(), NOW);
      for (ArchivedHistory.PendingChunk chunk : fresh.archive().toWrite()) {
        List<StoredEvent> archived = ProfileCodec.decodeChunk(chunk.body());
        int step = ArchivedHistory.MIN_CHUNK_EVENTS;
        for (int from = 0; from + step <= archived.size(); from += step) {
          int bytes =
              ProfileCodec.encodeChunk(archived.subList(from, from + step)).length
                  + 64; // + keys, count, TTL
          chunkUnits += (bytes + 1023) / 1024;
          chunkedEvents += step;
        }
      }
      store.commit(
          new ProfileCommit(Workload.APP, List.of(new ProfileCommit.Write(fresh, List.of())), 1));
    }
    return chunkedEvents == 0 ? 0 : chunkUnits / chunkedEvents;
  }
}
