package dev.openpush.domain.ingest;

import static dev.openpush.domain.support.Fixtures.NOW;
import static dev.openpush.domain.support.Fixtures.segment;
import static org.assertj.core.api.Assertions.assertThat;

import dev.openpush.domain.profile.Profile;
import dev.openpush.domain.profile.StoredEvent;
import dev.openpush.domain.profile.TraitValue;
import dev.openpush.domain.segment.SegmentCatalog;
import dev.openpush.domain.support.InMemoryProfileStore;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Batching never changes an answer: the same events, with anonymous ids merged into known users,
 * delivered in any order and cut into batches anywhere, leave the same profiles (traits, history,
 * merged ids) and the same memberships.
 */
class BatchingProperties {
  /** Which known user each anonymous id belongs to. */
  private static final Map<String, String> OWNER = Map.of("a1", "k1", "a2", "k1", "a3", "k2");

  private static final List<String> IDS = List.of("k1", "k2", "a1", "a2", "a3");
  private static final SegmentCatalog CATALOG =
      new SegmentCatalog(
          List.of(
              segment("gold", "{'trait':'tier','op':'eq','value':'gold'}"),
              segment("berlin", "{'trait':'city','op':'eq','value':'Berlin'}"),
              segment("buyers", "{'event':'Order Completed','count':{'op':'gte','value':2}}")));

  @Property(tries = 300)
  void theSameEventsGiveTheSameProfilesWhateverTheBatchingAndOrder(@ForAll("seeds") long seed) {
    Random random = new Random(seed);
    List<String> events = randomEvents(random, 4 + random.nextInt(14));

    List<String> shuffled = new ArrayList<>(events);
    Collections.shuffle(shuffled, random);

    String oneBatch = deliver(events, List.of(events.size()));
    assertThat(deliver(events, cuts(random, events.size()))).isEqualTo(oneBatch);
    assertThat(deliver(shuffled, cuts(random, shuffled.size()))).isEqualTo(oneBatch);
    assertThat(deliver(shuffled, oneEach(shuffled.size()))).isEqualTo(oneBatch);
  }

  /** Delivers the events in batches of the given sizes and describes every id's profile. */
  private static String deliver(List<String> events, List<Integer> batchSizes) {
    InMemoryProfileStore store = new InMemoryProfileStore();
    IngestService ingest =
        new IngestService(
            store,
            app -> CATALOG,
            letters -> {
              throw new AssertionError("dead-lettered: " + letters);
            },
            Clock.fixed(NOW, ZoneOffset.UTC));
    int from = 0;
    int sequence = 0;
    for (int size : batchSizes) {
      List<IncomingRecord> batch = new ArrayList<>();
      for (String json : events.subList(from, from + size)) {
        batch.add(
            new IncomingRecord(
                String.valueOf(sequence++), "pk", NOW, json.getBytes(StandardCharsets.UTF_8)));
      }
      assertThat(ingest.process(batch).failedIds()).isEmpty();
      from += size;
    }
    StringBuilder description = new StringBuilder();
    for (String id : IDS) {
      description.append(id).append(": ").append(describe(store.get("shop", id))).append('\n');
    }
    return description.toString();
  }

  private static String describe(Profile p) {
    if (p == null) {
      return "none";
    }
    if (p.isPointer()) {
      return "merged into " + p.mergedInto();
    }
    Map<String, String> traits = new TreeMap<>();
    for (Map.Entry<String, TraitValue> t : p.traits().entrySet()) {
      traits.put(
          t.getKey(), t.getValue().isRemoved() ? "(removed)" : t.getValue().value().toString());
    }
    List<String> history = new ArrayList<>();
    for (StoredEvent e : p.history().all()) {
      history.add(e.name() + "@" + e.at() + e.properties());
    }
    Collections.sort(history);
    return "traits "
        + traits
        + " history "
        + history
        + " merged "
        + new java.util.TreeSet<>(p.mergedIds())
        + " seen "
        + p.firstSeenAt()
        + ".."
        + p.lastEventAt()
        + " segments "
        + new java.util.TreeSet<>(p.memberships().segmentIds());
  }

  private static List<String> randomEvents(Random random, int n) {
    List<String> events = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      // Minutes, so that equal timestamps happen and ties must resolve the same way.
      Instant at = NOW.minus(Duration.ofMinutes(1 + random.nextInt(30)));
      String id = IDS.get(random.nextInt(IDS.size()));
      String ids = ids(random, id);
      String head = "{'messageId':'m" + i + "','appId':'shop','timestamp':'" + at + "'," + ids;
      int kind = random.nextInt(4);
      if (kind == 0 && OWNER.containsKey(id)) {
        events.add(
            json(
                "{'type':'alias','messageId':'m"
                    + i
                    + "','appId':'shop','timestamp':'"
                    + at
                    + "','previousId':'"
                    + id
                    + "','userId':'"
                    + OWNER.get(id)
                    + "'}"));
      } else if (kind <= 1) {
        String tier = List.of("'gold'", "'silver'", "null").get(random.nextInt(3));
        String city = List.of("'Berlin'", "'Paris'").get(random.nextInt(2));
        events.add(
            json(head + "'type':'identify','traits':{'tier':" + tier + ",'city':" + city + "}}"));
      } else {
        String name = random.nextBoolean() ? "Order Completed" : "Product Viewed";
        events.add(json(head + "'type':'track','event':'" + name + "'}"));
      }
    }
    return events;
  }

  /** The id fields of an event under {@code id}: sometimes an anonymous id with its owner too. */
  private static String ids(Random random, String id) {
    if (OWNER.containsKey(id)) {
      return random.nextInt(4) == 0
          ? "'anonymousId':'" + id + "','userId':'" + OWNER.get(id) + "',"
          : "'anonymousId':'" + id + "',";
    }
    return "'userId':'" + id + "',";
  }

  private static List<Integer> cuts(Random random, int n) {
    List<Integer> sizes = new ArrayList<>();
    for (int left = n; left > 0; ) {
      int size = Math.min(left, 1 + random.nextInt(5));
      sizes.add(size);
      left -= size;
    }
    return sizes;
  }

  private static List<Integer> oneEach(int n) {
    return Collections.nCopies(n, 1);
  }

  private static String json(String text) {
    return text.replace('\'', '"');
  }

  @Provide
  Arbitrary<Long> seeds() {
    return Arbitraries.longs();
  }
}
