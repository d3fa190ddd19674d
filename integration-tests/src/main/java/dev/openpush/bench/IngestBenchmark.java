package dev.openpush.bench;

import dev.openpush.aws.dynamodb.DynamoDbProfileStore;
import dev.openpush.aws.dynamodb.DynamoDbSegmentRepository;
import dev.openpush.aws.dynamodb.Tables;
import dev.openpush.aws.segments.CachedSegmentSource;
import dev.openpush.domain.event.Event;
import dev.openpush.domain.event.EventParser;
import dev.openpush.domain.ingest.IncomingRecord;
import dev.openpush.domain.ingest.IngestService;
import dev.openpush.domain.profile.HistoryHorizons;
import dev.openpush.domain.profile.Profile;
import dev.openpush.domain.profile.ProfileChange;
import dev.openpush.domain.profile.ProfileCodec;
import dev.openpush.domain.profile.ProfileUpdater;
import dev.openpush.domain.segment.Segment;
import dev.openpush.domain.segment.SegmentCatalog;
import dev.openpush.domain.segment.Segmenter;
import dev.openpush.local.Emulators;
import dev.openpush.local.LocalClients;
import dev.openpush.local.Repo;
import dev.openpush.local.TemplateResources;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * Prints the ingest figures (run with bin/bench): evaluation throughput on one thread with 10, 100
 * and 1,000 live segments over 100,000 users; DynamoDB requests per event on realistic batches
 * against DynamoDB Local; stored bytes of a year-long active user's profile.
 */
public final class IngestBenchmark {
  private static final Instant NOW = Instant.parse("2026-11-20T12:00:00Z");
  private static final java.lang.management.ThreadMXBean THREAD =
      java.lang.management.ManagementFactory.getThreadMXBean();
  private static final int USERS = Integer.getInteger("bench.users", 100_000);
  private static final int ROUNDS = Integer.getInteger("bench.rounds", 5);
  private static final int EVENTS_PER_ROUND = Integer.getInteger("bench.events", 50_000);

  public static void main(String[] args) {
    System.out.printf(
        "OpenPush ingest benchmark: %d users, %d rounds of %d events, 1 thread, JDK %s%n%n",
        USERS, ROUNDS, EVENTS_PER_ROUND, Runtime.version());
    String only = System.getProperty("bench.only", "throughput,requests,bytes");
    if (only.contains("throughput")) {
      for (String segments : System.getProperty("bench.segments", "10,100,1000").split(",")) {
        throughput(Integer.parseInt(segments.trim()));
      }
    }
    if (only.contains("requests")) {
      requestsPerEvent();
    }
    if (only.contains("bytes")) {
      profileBytes();
    }
    // The emulators' server threads would keep the JVM alive.
    System.exit(0);
  }

  /**
   * Median over rounds of events/s, for the domain evaluation path and for the whole in-process
   * ingest path.
   */
  private static void throughput(int segmentCount) {
    Workload workload = new Workload(segmentCount);
    SegmentCatalog catalog = new SegmentCatalog(workload.segments(segmentCount, NOW));
    MapProfileStore store = new MapProfileStore();
    ProfileUpdater updater = ProfileUpdater.withDefaults();
    EventParser parser = new EventParser(Clock.fixed(NOW, ZoneOffset.UTC));
    Segmenter segmenter = new Segmenter();
    // History before the measurement: 20 events per user over the last 60 days, with memberships
    // and wake-ups computed, as every stored profile has them (the steady state, not first sight).
    store.seed(workload, catalog, USERS, NOW);
    IngestService ingest =
        new IngestService(store, app -> catalog, letters -> {}, Clock.fixed(NOW, ZoneOffset.UTC));
    double[] evaluation = new double[ROUNDS];
    double[] evaluationCpu = new double[ROUNDS];
    double[] gcShare = new double[ROUNDS];
    double[] fullPath = new double[ROUNDS];
    long allEvents = 0;
    long allNanos = 0;
    for (int round = -1; round < ROUNDS; round++) {
      // Separate events for each measurement: the second must not replay the first's messageIds.
      List<Event> events = new ArrayList<>();
      while (events.size() < EVENTS_PER_ROUND) {
        for (byte[] data :
            workload.session(
                workload.user(USERS), NOW.minusSeconds(workload.random().nextInt(3600)))) {
          events.add(parse(parser, data));
        }
      }
      List<List<IncomingRecord>> batches = new ArrayList<>();
      List<IncomingRecord> batch = new ArrayList<>();
      int records = 0;
      while (records < EVENTS_PER_ROUND) {
        for (byte[] data :
            workload.session(
                workload.user(USERS), NOW.minusSeconds(workload.random().nextInt(3600)))) {
          batch.add(new IncomingRecord(Integer.toString(batch.size()), "pk", NOW, data));
          records++;
          if (batch.size() == 100) {
            batches.add(batch);
            batch = new ArrayList<>();
          }
        }
      }
      // As ingest does it: a batch's profiles are loaded (decoded), each person's events of the
      // batch applied, then evaluated once, and the profiles stored (encoded). Only applying and
      // evaluating is on the evaluation clock.
      long nanos = 0;
      long cpuNanos = 0;
      long gcNanos = 0;
      for (int from = 0; from < events.size(); from += 100) {
        List<Event> slice = events.subList(from, Math.min(events.size(), from + 100));
        Map<String, Profile> loaded =
            store.load(Workload.APP, slice.stream().map(Event::userId).distinct().toList());
        long start = System.nanoTime();
        long cpuStart = THREAD.getCurrentThreadCpuTime();
        long gcStart = gcMillis();
        Map<Profile, ProfileChange> people = new java.util.LinkedHashMap<>();
        for (Event event : slice) {
          Profile p = loaded.get(event.userId());
          people.computeIfAbsent(p, k -> new ProfileChange()).include(updater.apply(p, event, NOW));
        }
        people.forEach((p, change) -> segmenter.afterUpdate(p, change, catalog, NOW));
        nanos += System.nanoTime() - start;
        cpuNanos += THREAD.getCurrentThreadCpuTime() - cpuStart;
        gcNanos += (gcMillis() - gcStart) * 1_000_000;
        people.keySet().forEach(store::put);
      }
      long evaluated = System.nanoTime();
      for (List<IncomingRecord> b : batches) {
        ingest.process(b);
      }
      long ingested = System.nanoTime();
      if (round >= 0) {
        evaluation[round] = events.size() / (nanos / 1e9);
        evaluationCpu[round] = events.size() / (cpuNanos / 1e9);
        gcShare[round] = (double) gcNanos / nanos;
        fullPath[round] = batches.size() * 100 / ((ingested - evaluated) / 1e9);
        allEvents += events.size();
        allNanos += nanos;
      }
    }
    System.out.printf(
        "%5d segments: evaluation %,10.0f events/s per core (median of %d; min %,.0f max %,.0f);"
            + " all rounds together %,10.0f;"
            + " per CPU-second of the thread %,10.0f (garbage collection %.0f%% of the time); "
            + "whole ingest path in-process (parse, group, decode, apply, evaluate, encode) %,10.0f"
            + " events/s%n",
        segmentCount,
        median(evaluation),
        ROUNDS,
        min(evaluation),
        max(evaluation),
        allEvents / (allNanos / 1e9),
        median(evaluationCpu),
        median(gcShare) * 100,
        median(fullPath));
  }

  /** DynamoDB requests per event through the real adapters, on DynamoDB Local. */
  private static void requestsPerEvent() {
    Emulators emulators = Emulators.shared();
    LocalClients clients = LocalClients.of(emulators);
    Map<String, String> names =
        TemplateResources.read(Repo.root().resolve("template.yaml"))
            .create(clients, "bench" + UUID.randomUUID().toString().substring(0, 6) + "-");
    Map<String, AtomicLong> counts = new ConcurrentHashMap<>();
    DynamoDbClient counted =
        LocalClients.dynamoBuilder(emulators)
            .overrideConfiguration(
                c ->
                    c.addExecutionInterceptor(
                        new ExecutionInterceptor() {
                          @Override
                          public void beforeTransmission(
                              Context.BeforeTransmission context, ExecutionAttributes attributes) {
                            counts
                                .computeIfAbsent(
                                    attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME),
                                    k -> new AtomicLong())
                                .incrementAndGet();
                          }
                        }))
            .build();
    Tables tables = Tables.fromTemplateNames(names);
    Workload workload = new Workload(3);
    DynamoDbSegmentRepository repository = new DynamoDbSegmentRepository(counted, tables);
    for (Segment segment : workload.segments(100, NOW)) {
      repository.create(segment);
    }
    IngestService ingest =
        new IngestService(
            new DynamoDbProfileStore(counted, tables),
            new CachedSegmentSource(repository, Duration.ofMinutes(5)),
            letters -> {},
            Clock.fixed(NOW, ZoneOffset.UTC));
    // Warm: every user of the run gets a profile first, so the figures are for the steady state.
    int population = 500;
    List<IncomingRecord> warm = new ArrayList<>();
    for (int u = 0; u < population; u++) {
      warm.add(
          new IncomingRecord(
              "w" + u, "pk", NOW, workload.event("user-" + u, NOW.minusSeconds(7200))));
      if (warm.size() == 100) {
        ingest.process(warm);
        warm = new ArrayList<>();
      }
    }
    counts.clear();
    int events = 0;
    for (int b = 0; b < 50; b++) {
      List<IncomingRecord> batch = new ArrayList<>();
      while (batch.size() < 100) {
        for (byte[] data :
            workload.session(
                workload.user(population), NOW.minusSeconds(workload.random().nextInt(3600)))) {
          if (batch.size() < 100) {
            batch.add(new IncomingRecord(Integer.toString(batch.size()), "pk", NOW, data));
          }
        }
      }
      ingest.process(batch);
      events += batch.size();
    }
    long writes =
        counts.getOrDefault("TransactWriteItems", new AtomicLong()).get()
            + counts.getOrDefault("PutItem", new AtomicLong()).get()
            + counts.getOrDefault("UpdateItem", new AtomicLong()).get()
            + counts.getOrDefault("BatchWriteItem", new AtomicLong()).get()
            + counts.getOrDefault("DeleteItem", new AtomicLong()).get();
    long all = counts.values().stream().mapToLong(AtomicLong::get).sum();
    System.out.printf(
        "%nDynamoDB requests, %d events in batches of 100 (sessions of 2-6 events, 100 segments, 500 users): "
            + "%.3f write requests per event, %.3f requests of any kind per event %s%n",
        events, (double) writes / events, (double) all / events, new TreeMap<>(counts));
    counted.close();
  }

  /** Stored size of the profile of a user active every day for a year. */
  private static void profileBytes() {
    Workload workload = new Workload(11);
    EventParser parser = new EventParser(Clock.fixed(NOW, ZoneOffset.UTC));
    for (int sessionsPerDay : new int[] {1, 3}) {
      Profile p = new Profile(Workload.APP, "year-user");
      ProfileUpdater updater = ProfileUpdater.withDefaults();
      Instant start = NOW.minus(Duration.ofDays(365));
      int events = 0;
      for (int day = 0; day < 365; day++) {
        for (int s = 0; s < sessionsPerDay; s++) {
          Instant at = start.plus(Duration.ofDays(day)).plus(Duration.ofHours(8 + 4L * s));
          for (byte[] data : workload.session("year-user", at)) {
            updater.apply(p, parse(parser, data), at);
            events++;
          }
        }
      }
      updater.compact(p, NOW);
      for (int i = 0; i < 40; i++) {
        p.memberships().enter("seg-" + i, NOW);
      }
      int body = ProfileCodec.encode(p).length;
      // Beside the body: keys, version, wake-up and 40 memberships (id and time).
      int item = body + 120 + 40 * 20;
      System.out.printf(
          "%nProfile of a year-long active user, %d session(s) a day: %,d events kept of %,d sent, "
              + "whole body %,d bytes, as one item ~%,d bytes (%.1f KB)%n",
          sessionsPerDay, p.history().size(), events, body, item, item / 1024.0);
      // What the item keeps with this workload's 100 segments; the rest is in chunks.
      HistoryHorizons horizons = new SegmentCatalog(workload.segments(100, NOW)).horizons();
      p.archive().moveOut(p.history(), horizons, NOW);
      int hot = ProfileCodec.encode(p).length;
      int chunkBytes = p.archive().toWrite().stream().mapToInt(c -> c.body().length).sum();
      System.out.printf(
          "  with 100 segments' horizons: %,d events in the item, body %,d bytes, item ~%,d bytes"
              + " (%.1f KB); %,d events in chunks of %,d bytes%n",
          p.history().size(),
          hot,
          hot + 120 + 40 * 20,
          (hot + 120 + 40 * 20) / 1024.0,
          p.archive().chunks().stream().mapToInt(c -> c.events()).sum(),
          chunkBytes);
    }
  }

  private static Event parse(EventParser parser, byte[] data) {
    try {
      return parser.parse(data);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** Milliseconds all collectors have spent so far. */
  private static long gcMillis() {
    long total = 0;
    for (var collector : java.lang.management.ManagementFactory.getGarbageCollectorMXBeans()) {
      total += Math.max(0, collector.getCollectionTime());
    }
    return total;
  }

  private static double median(double[] values) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    return sorted[sorted.length / 2];
  }

  private static double min(double[] values) {
    return Arrays.stream(values).min().orElse(0);
  }

  private static double max(double[] values) {
    return Arrays.stream(values).max().orElse(0);
  }
}
