package dev.openpush.domain.segment;

import static org.assertj.core.api.Assertions.assertThat;

import dev.openpush.domain.ingest.IncomingRecord;
import dev.openpush.domain.ingest.IngestService;
import dev.openpush.domain.profile.Profile;
import dev.openpush.domain.profile.ProfileUpdater;
import dev.openpush.domain.support.Fixtures;
import dev.openpush.domain.support.InMemoryProfileStore;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * For random segment definitions and random events delivered in random order with duplicates and
 * with time passing between batches, memberships kept incrementally (only affected segments on each
 * event, due wake-ups as the sweep would run them) equal memberships computed from scratch.
 */
class IncrementalMembershipProperties {
  private static final Instant START = Instant.parse("2026-11-01T00:00:00Z");
  private static final List<String> EVENTS =
      List.of("Order Completed", "Application Opened", "Product Viewed");

  @Property(tries = 500)
  void incrementalMembershipEqualsFromScratchEvaluation(
      @ForAll("definitions") List<String> definitions, @ForAll("seeds") long seed) {
    List<Segment> segments = new ArrayList<>();
    for (int i = 0; i < definitions.size(); i++) {
      segments.add(Fixtures.segment("s" + i, definitions.get(i)));
    }
    SegmentCatalog catalog = new SegmentCatalog(segments);
    Random random = new Random(seed);
    List<String> events = randomEvents(random, 25);
    List<String> deliveries = new ArrayList<>(events);
    for (int i = 0; i < 6; i++) {
      deliveries.add(events.get(random.nextInt(events.size())));
    }
    Collections.shuffle(deliveries, random);

    MutableClock clock = new MutableClock(START.plus(Duration.ofDays(3)));
    InMemoryProfileStore store = new InMemoryProfileStore();
    // Events dated more than a day ahead of the clock are dead-lettered (EventParser.MAX_AHEAD),
    // and may be accepted when redelivered later: only what was accepted is in the profile.
    Set<String> deadLettered = new java.util.HashSet<>();
    IngestService ingest =
        new IngestService(
            store,
            app -> catalog,
            letters -> letters.forEach(l -> deadLettered.add(l.record().id())),
            clock);
    Segmenter segmenter = new Segmenter();
    int seq = 0;
    List<String> delivered = new ArrayList<>();
    for (int from = 0; from < deliveries.size(); ) {
      int to = Math.min(deliveries.size(), from + 1 + random.nextInt(6));
      List<IncomingRecord> batch = new ArrayList<>();
      for (String json : deliveries.subList(from, to)) {
        batch.add(
            new IncomingRecord(
                String.valueOf(seq++), "u", clock.now, json.getBytes(StandardCharsets.UTF_8)));
      }
      assertThat(ingest.process(batch).failedIds()).isEmpty();
      for (IncomingRecord record : batch) {
        if (!deadLettered.contains(record.id())) {
          delivered.add(new String(record.data(), StandardCharsets.UTF_8));
        }
      }
      from = to;
      clock.now = clock.now.plus(Duration.ofHours(random.nextInt(60)));
      sweepDue(store, segmenter, catalog, clock.now);
      // Not only at the end: a wake-up set too late shows as a stale membership in between.
      Profile stored = store.get("shop", "u1");
      assertThat(stored == null ? Set.of() : stored.memberships().segmentIds())
          .as("memberships at %s after %d deliveries", clock.now, delivered.size())
          .isEqualTo(fromScratch(delivered, catalog, clock.now));
    }
    Profile last = store.get("shop", "u1");
    assertThat(last == null ? Set.of() : last.memberships().segmentIds())
        .isEqualTo(fromScratch(delivered, catalog, clock.now));
  }

  /** The memberships of a profile built at {@code now} from these events, in any order. */
  private static Set<String> fromScratch(List<String> events, SegmentCatalog catalog, Instant now) {
    if (events.isEmpty()) {
      return Set.of(); // no event accepted yet: no user, no memberships
    }
    Profile rebuilt = new Profile("shop", "u1");
    ProfileUpdater updater = ProfileUpdater.withDefaults();
    for (String json : events) {
      updater.apply(rebuilt, Fixtures.event(json), now);
    }
    return Segmenter.fromScratch(rebuilt, catalog, now);
  }

  /** What the scheduled sweep does for one user whose wake-up is due. */
  private static void sweepDue(
      InMemoryProfileStore store, Segmenter segmenter, SegmentCatalog catalog, Instant now) {
    Profile p = store.get("shop", "u1");
    if (p != null && p.nextWake() != null && !p.nextWake().isAfter(now)) {
      var changes = segmenter.afterTimePassed(p, catalog, now);
      store.commit(
          new dev.openpush.domain.ports.ProfileCommit(
              "shop", List.of(new dev.openpush.domain.ports.ProfileCommit.Write(p, changes)), 0));
    }
  }

  private static List<String> randomEvents(Random random, int n) {
    List<String> events = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      Instant at = START.plus(Duration.ofMinutes(random.nextInt(60 * 24 * 12)));
      String id = "m" + i;
      if (random.nextInt(5) == 0) {
        String city = List.of("Berlin", "Paris").get(random.nextInt(2));
        String tier =
            random.nextBoolean()
                ? "null"
                : "'" + List.of("gold", "silver").get(random.nextInt(2)) + "'";
        events.add(
            json(
                "{'type':'identify','messageId':'"
                    + id
                    + "','userId':'u1','appId':'shop','timestamp':'"
                    + at
                    + "','traits':{'city':'"
                    + city
                    + "','tier':"
                    + tier
                    + "}}"));
      } else {
        String name = EVENTS.get(random.nextInt(EVENTS.size()));
        String os = random.nextBoolean() ? "iOS" : "Android";
        events.add(
            json(
                "{'type':'track','event':'"
                    + name
                    + "','messageId':'"
                    + id
                    + "','userId':'u1','appId':'shop','timestamp':'"
                    + at
                    + "','properties':{'revenue':"
                    + random.nextInt(100)
                    + "},'context':{'os':{'name':'"
                    + os
                    + "'}}}"));
      }
    }
    return events;
  }

  private static String json(String s) {
    return s.replace('\'', '"');
  }

  @Provide
  Arbitrary<Long> seeds() {
    return Arbitraries.longs();
  }

  @Provide
  Arbitrary<List<String>> definitions() {
    return condition(3).list().ofMinSize(1).ofMaxSize(4);
  }

  private Arbitrary<String> condition(int depth) {
    Arbitrary<String> leaf =
        Arbitraries.oneOf(
            eventLeaf(),
            traitLeaf(),
            computedLeaf(),
            Arbitraries.of("{'platform':'ios'}", "{'platform':{'op':'neq','value':'android'}}"));
    if (depth == 0) {
      return leaf.map(IncrementalMembershipProperties::json);
    }
    Arbitrary<String> sub = condition(depth - 1);
    return Arbitraries.frequencyOf(
        net.jqwik.api.Tuple.of(3, leaf.map(IncrementalMembershipProperties::json)),
        net.jqwik.api.Tuple.of(
            1,
            sub.list()
                .ofMinSize(1)
                .ofMaxSize(3)
                .map(l -> "{\"and\":[" + String.join(",", l) + "]}")),
        net.jqwik.api.Tuple.of(
            1,
            sub.list()
                .ofMinSize(1)
                .ofMaxSize(3)
                .map(l -> "{\"or\":[" + String.join(",", l) + "]}")),
        net.jqwik.api.Tuple.of(1, sub.map(c -> "{\"not\":" + c + "}")));
  }

  private Arbitrary<String> eventLeaf() {
    Arbitrary<String> name =
        Arbitraries.of("Order Completed", "Application Opened", "Product Viewed", "*");
    Arbitrary<String> within =
        Arbitraries.of(
            "", ",'within':'P1D'", ",'within':'P3D'", ",'within':'PT36H'", ",'within':'P7D'");
    Arbitrary<String> aggregate =
        Arbitraries.of(
            "",
            ",'count':{'op':'gte','value':2}",
            // Same measures with other thresholds: leaves that share one reading in a pass.
            ",'count':{'op':'lt','value':3}",
            ",'sum':'revenue','op':'gte','value':100",
            ",'sum':'revenue','op':'lt','value':150",
            ",'avg':'revenue','op':'lt','value':50",
            ",'max':'revenue','op':'gt','value':80");
    Arbitrary<String> where =
        Arbitraries.of("", ",'where':[{'property':'revenue','op':'between','value':[20,70]}]");
    return Combinators.combine(name, within, aggregate, where)
        .as((n, w, a, wh) -> "{'event':'" + n + "'" + w + a + wh + "}");
  }

  private Arbitrary<String> traitLeaf() {
    return Arbitraries.of(
        "{'trait':'city','op':'eq','value':'Berlin'}",
        "{'trait':'tier','op':'exists'}",
        "{'trait':'tier','op':'neq','value':'gold'}",
        "{'trait':'tier','op':'in','value':['gold','silver']}",
        // No event ever sets it: true from a profile's first event on.
        "{'trait':'plan','op':'notExists'}");
  }

  private Arbitrary<String> computedLeaf() {
    return Arbitraries.of(
        "{'computed':'recencyDays','op':'lte','value':2}",
        "{'computed':'recencyDays','op':'gt','value':1}",
        "{'computed':'lastSeenDays','op':'gte','value':1}",
        "{'computed':'frequency90d','op':'gte','value':3}",
        "{'computed':'monetary90d','op':'between','value':[50,200]}");
  }

  private static final class MutableClock extends Clock {
    Instant now;

    MutableClock(Instant now) {
      this.now = now;
    }

    @Override
    public ZoneId getZone() {
      return ZoneId.of("UTC");
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }
}
