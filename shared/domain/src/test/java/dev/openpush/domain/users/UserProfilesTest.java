package dev.openpush.domain.users;

import static dev.openpush.domain.support.Fixtures.NOW;
import static dev.openpush.domain.support.Fixtures.segment;
import static org.assertj.core.api.Assertions.assertThat;

import dev.openpush.domain.ingest.IncomingRecord;
import dev.openpush.domain.ingest.IngestService;
import dev.openpush.domain.ports.SegmentRepository;
import dev.openpush.domain.segment.Segment;
import dev.openpush.domain.segment.SegmentCatalog;
import dev.openpush.domain.support.InMemoryProfileStore;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class UserProfilesTest {
  private static final Instant ERASED_AT = NOW.plus(Duration.ofHours(1));
  private final InMemoryProfileStore store = new InMemoryProfileStore();
  private final List<Segment> segments = List.of(segment("buyers", "{'event':'Order Completed'}"));
  private final SegmentCatalog catalog = new SegmentCatalog(segments);
  private final List<String> forgotten = new ArrayList<>();
  private final UserProfiles users =
      new UserProfiles(
          store,
          store,
          new Segments(segments),
          keys -> {
            forgotten.addAll(keys);
            return keys.size();
          },
          Clock.fixed(ERASED_AT, ZoneOffset.UTC));
  private int sequence;

  private void ingest(Instant arrivedAt, String... events) {
    IngestService ingest =
        new IngestService(
            store,
            app -> catalog,
            letters -> {
              throw new AssertionError(letters.toString());
            },
            Clock.fixed(arrivedAt, ZoneOffset.UTC));
    List<IncomingRecord> records = new ArrayList<>();
    for (String event : events) {
      records.add(
          new IncomingRecord(
              String.valueOf(++sequence),
              "pk",
              arrivedAt,
              event.replace('\'', '"').getBytes(StandardCharsets.UTF_8)));
    }
    assertThat(ingest.process(records).failedIds()).isEmpty();
  }

  private static String order(String anonymousId, String userId, String messageId) {
    return "{'type':'track','event':'Order Completed','messageId':'"
        + messageId
        + "','appId':'shop','timestamp':'"
        + NOW
        + "'"
        + (anonymousId == null ? "" : ",'anonymousId':'" + anonymousId + "'")
        + (userId == null ? "" : ",'userId':'" + userId + "'")
        + "}";
  }

  @Test
  void aUserWithMoreMergedIdsThanOneTransactionHoldsIsErasedWhole() {
    List<String> events = new ArrayList<>();
    for (int i = 0; i < 150; i++) {
      events.add(order("anon-" + i, "kim", "m-" + i));
    }
    ingest(NOW, events.toArray(String[]::new));
    assertThat(store.get("shop", "kim").mergedIds()).hasSize(150);
    assertThat(store.members("buyers")).containsExactly("kim");

    UserProfiles.Erasure erasure = users.erase("shop", "anon-7");

    assertThat(erasure.ids()).hasSize(151).contains("kim", "anon-0", "anon-149");
    assertThat(forgotten).containsExactlyInAnyOrderElementsOf(erasure.ids());
    assertThat(users.find("shop", "kim")).isEmpty();
    assertThat(users.find("shop", "anon-99")).isEmpty();
    assertThat(store.members("buyers")).isEmpty();
    assertThat(store.get("shop", "kim").isErased()).isTrue();
    assertThat(store.get("shop", "kim").history().size()).isZero();
    assertThat(store.get("shop", "anon-3").isErased()).isTrue();
  }

  @Test
  void recordsOnTheStreamBeforeTheErasureNeverBringTheUserBack() {
    ingest(NOW, order(null, "kim", "m-1"));
    users.erase("shop", "kim");

    // Sent before the erasure, delivered after it (a retry, a slow shard).
    ingest(ERASED_AT.minusSeconds(1), order("anon-1", "kim", "m-2"), order(null, "kim", "m-3"));

    assertThat(users.find("shop", "kim")).isEmpty();
    assertThat(users.find("shop", "anon-1")).isEmpty();
    assertThat(store.members("buyers")).isEmpty();
  }

  @Test
  void anIdUsedAgainAfterItsErasureIsANewUser() {
    ingest(NOW, order(null, "kim", "m-1"));
    users.erase("shop", "kim");

    ingest(ERASED_AT.plusSeconds(1), order(null, "kim", "m-9"));

    assertThat(users.find("shop", "kim")).isPresent();
    assertThat(users.find("shop", "kim").get().history().size()).isEqualTo(1);
    assertThat(store.members("buyers")).containsExactly("kim");
  }

  @Test
  void theProfileIsWhatTheItemHoldsAndExportReadsTheChunksToo() {
    List<String> searches = new ArrayList<>();
    for (int day = 40; day >= 1; day--) {
      searches.add(
          "{'type':'track','event':'Search','messageId':'s-"
              + day
              + "','userId':'kim','appId':'shop','timestamp':'"
              + NOW.minus(Duration.ofDays(day))
              + "'}");
    }
    ingest(NOW, searches.toArray(new String[0]));
    assertThat(store.chunkCount("shop", "kim")).isEqualTo(1);

    // No segment reads searches: the item keeps the newest, the chunk the 39 before it.
    assertThat(users.find("shop", "kim").orElseThrow().history().size()).isEqualTo(1);
    assertThat(users.findWithHistory("shop", "kim").orElseThrow().history().size()).isEqualTo(40);
  }

  @Test
  void erasingAnUnknownIdErasesNothingAndSaysSo() {
    assertThat(users.erase("shop", "nobody").ids()).isEmpty();
    assertThat(forgotten).isEmpty();
  }

  private record Segments(List<Segment> all) implements SegmentRepository {
    @Override
    public Optional<Segment> find(String appId, String segmentId) {
      return all.stream().filter(s -> s.id().equals(segmentId)).findFirst();
    }

    @Override
    public Page list(String appId, String cursor, int limit) {
      return new Page(all, null);
    }

    @Override
    public List<Segment> all(String appId) {
      return all;
    }

    @Override
    public List<Segment> pendingWork() {
      return List.of();
    }

    @Override
    public void create(Segment segment) {
      throw new UnsupportedOperationException();
    }

    @Override
    public void replace(Segment segment, long expectedVersion) {
      throw new UnsupportedOperationException();
    }

    @Override
    public String progress(Segment segment) {
      return null;
    }

    @Override
    public void saveProgress(Segment segment, String cursor) {}

    @Override
    public void remove(Segment segment) {}
  }
}
