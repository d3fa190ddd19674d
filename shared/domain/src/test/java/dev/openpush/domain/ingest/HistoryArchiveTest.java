package dev.openpush.domain.ingest;

import static dev.openpush.domain.support.Fixtures.NOW;
import static dev.openpush.domain.support.Fixtures.segment;
import static org.assertj.core.api.Assertions.assertThat;

import dev.openpush.domain.profile.ArchivedHistory;
import dev.openpush.domain.profile.Profile;
import dev.openpush.domain.segment.SegmentCatalog;
import dev.openpush.domain.support.InMemoryProfileStore;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** The item keeps what segments read; older events go to chunks and come back when needed. */
class HistoryArchiveTest {
  private final InMemoryProfileStore store = new InMemoryProfileStore();
  private final AtomicReference<SegmentCatalog> catalog =
      new AtomicReference<>(
          new SegmentCatalog(
              List.of(
                  segment("buyers", "{'event':'Order Completed','within':'P7D'}"),
                  segment("browsers", "{'event':'Product Viewed','within':'P3D'}"))));
  private final IngestService service =
      new IngestService(
          store, app -> catalog.get(), letters -> {}, Clock.fixed(NOW, ZoneOffset.UTC));
  private int sequence;

  private IncomingRecord track(String user, String name, Instant at) {
    String json =
        "{'type':'track','event':'"
            + name
            + "','messageId':'m"
            + (++sequence)
            + "','userId':'"
            + user
            + "','appId':'shop','timestamp':'"
            + at
            + "','properties':{'n':"
            + sequence
            + "}}";
    return new IncomingRecord(
        Integer.toString(sequence),
        "pk",
        NOW,
        json.replace('\'', '"').getBytes(StandardCharsets.UTF_8));
  }

  /** 60 searches (read by no segment), one a day, then today's view. */
  private void sixtyDaysOfSearches(String user) {
    List<IncomingRecord> batch = new ArrayList<>();
    for (int day = 60; day >= 1; day--) {
      batch.add(track(user, "Search", NOW.minus(Duration.ofDays(day))));
    }
    batch.add(track(user, "Product Viewed", NOW.minusSeconds(60)));
    service.process(batch);
  }

  @Test
  void eventsNoSegmentReadsLeaveTheItemForAChunkAndComeBackWhole() {
    sixtyDaysOfSearches("u1");

    Profile stored = store.get("shop", "u1");
    assertThat(stored.archive().chunks()).hasSize(1);
    assertThat(store.chunkCount("shop", "u1")).isEqualTo(1);
    // The newest search stays, as the newest event of every name does; so does the view.
    assertThat(stored.history().size()).isEqualTo(2);
    assertThat(stored.memberships().asMap()).containsOnlyKeys("browsers");

    store.restoreHistory(stored);
    assertThat(stored.history().named("Search")).hasSize(60);
    assertThat(stored.history().size()).isEqualTo(61);
  }

  @Test
  void fewerEventsThanAChunkHoldsWaitInTheItem() {
    List<IncomingRecord> batch = new ArrayList<>();
    for (int day = ArchivedHistory.MIN_CHUNK_EVENTS; day >= 2; day--) {
      batch.add(track("u1", "Search", NOW.minus(Duration.ofDays(day))));
    }
    service.process(batch);

    Profile stored = store.get("shop", "u1");
    assertThat(stored.archive().chunks()).isEmpty();
    assertThat(stored.history().size()).isEqualTo(ArchivedHistory.MIN_CHUNK_EVENTS - 1);
  }

  @Test
  void aSegmentThatReadsFurtherBackThanTheItemHoldsSeesTheChunkedEvents() {
    sixtyDaysOfSearches("u1");
    catalog.set(
        new SegmentCatalog(
            List.of(
                segment(
                    "searchers",
                    "{'event':'Search','within':'P90D','count':{'op':'gte','value':61}}"))));

    // The 61st search makes it true only if the 59 in the chunk are counted.
    service.process(List.of(track("u1", "Search", NOW)));

    Profile stored = store.get("shop", "u1");
    assertThat(stored.memberships().asMap()).containsKey("searchers");
    // The chunk came back into the item (the new segment reads all of it) and was deleted.
    assertThat(stored.history().named("Search")).hasSize(61);
    assertThat(stored.archive().chunks()).isEmpty();
    assertThat(store.chunkCount("shop", "u1")).isZero();
  }

  @Test
  void aMergedIdsChunkedEventsMoveToTheKnownUserAndItsChunksGo() {
    sixtyDaysOfSearches("anon-1");
    assertThat(store.chunkCount("shop", "anon-1")).isEqualTo(1);

    String alias =
        "{'type':'alias','appId':'shop','messageId':'al','previousId':'anon-1','userId':'u9',"
            + "'timestamp':'"
            + NOW
            + "'}";
    service.process(
        List.of(
            new IncomingRecord(
                "al", "pk", NOW, alias.replace('\'', '"').getBytes(StandardCharsets.UTF_8))));

    assertThat(store.chunkCount("shop", "anon-1")).isZero();
    Profile known = store.get("shop", "u9");
    store.restoreHistory(known);
    assertThat(known.history().named("Search")).hasSize(60);
    assertThat(store.get("shop", "anon-1").mergedInto()).isEqualTo("u9");
  }

  @Test
  void aRedeliveredBatchAddsNoChunkAndNoEvent() {
    List<IncomingRecord> batch = new ArrayList<>();
    for (int day = 60; day >= 1; day--) {
      batch.add(track("u1", "Search", NOW.minus(Duration.ofDays(day))));
    }
    service.process(batch);
    service.process(batch);

    Profile stored = store.get("shop", "u1");
    assertThat(store.chunkCount("shop", "u1")).isEqualTo(1);
    store.restoreHistory(stored);
    assertThat(stored.history().named("Search")).hasSize(60);
  }
}
