package dev.openpush.domain.profile;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class ArchivedHistoryTest {
  private static final Instant NOW = Instant.parse("2026-11-20T12:00:00Z");
  private static final HistoryHorizons VIEWS_FOR_30_DAYS =
      new HistoryHorizons.Builder().reads("Product Viewed", Duration.ofDays(30)).build();

  private static StoredEvent event(String name, int daysAgo) {
    return new StoredEvent(
        name, NOW.minus(Duration.ofDays(daysAgo)), JsonNodeFactory.instance.objectNode());
  }

  @Test
  void eventsOlderThanTheirNamesHorizonLeaveExceptTheNewestOfEachName() {
    History history = new History();
    ArchivedHistory archive = new ArchivedHistory();
    for (int day = 100; day >= 1; day--) {
      history.add(event("Product Viewed", day));
    }
    history.add(event("Search", 50));
    history.add(event("Search", 40));

    assertThat(archive.moveOut(history, VIEWS_FOR_30_DAYS, NOW)).isTrue();

    // Views of the last 31 days stay (30 and the day's slack), and the newest search.
    assertThat(history.named("Product Viewed")).hasSize(31);
    assertThat(history.named("Search"))
        .extracting(StoredEvent::at)
        .containsExactly(NOW.minus(Duration.ofDays(40)));
    assertThat(archive.chunks())
        .singleElement()
        .satisfies(c -> assertThat(c.events()).isEqualTo(70));
    assertThat(archive.toWrite()).hasSize(1);
    assertThat(ProfileCodec.decodeChunk(archive.toWrite().get(0).body())).hasSize(70);
    assertThat(archive.keptSince())
        .containsEntry("Product Viewed", NOW.minus(Duration.ofDays(31)))
        .containsEntry("Search", NOW.minus(Duration.ofDays(1)));
  }

  @Test
  void theItemCoversSegmentsThatReadNoFurtherBackThanItKeeps() {
    History history = new History();
    ArchivedHistory archive = new ArchivedHistory();
    for (int day = 100; day >= 1; day--) {
      history.add(event("Product Viewed", day));
    }
    archive.moveOut(history, VIEWS_FOR_30_DAYS, NOW);

    assertThat(archive.covers(VIEWS_FOR_30_DAYS, NOW)).isTrue();
    assertThat(archive.covers(VIEWS_FOR_30_DAYS, NOW.plus(Duration.ofDays(5)))).isTrue();
    HistoryHorizons sixtyDays =
        new HistoryHorizons.Builder().reads("Product Viewed", Duration.ofDays(60)).build();
    assertThat(archive.covers(sixtyDays, NOW)).isFalse();
    HistoryHorizons anyEventEver = new HistoryHorizons.Builder().reads("*", null).build();
    assertThat(archive.covers(anyEventEver, NOW)).isFalse();
  }

  @Test
  void restoringListsNothingAndMarksTheChunksForDeletionOnceStored() {
    History history = new History();
    ArchivedHistory archive = new ArchivedHistory();
    for (int day = 100; day >= 1; day--) {
      history.add(event("Product Viewed", day));
    }
    archive.moveOut(history, VIEWS_FOR_30_DAYS, NOW);
    archive.stored();
    var chunk = archive.chunks().get(0);

    archive.restore(
        history,
        ProfileCodec.decodeChunk(
            ProfileCodec.encodeChunk(java.util.List.of(event("Product Viewed", 90)))));

    assertThat(archive.chunks()).isEmpty();
    assertThat(archive.keptSince()).isEmpty();
    assertThat(archive.toDelete()).containsExactly(chunk);
    assertThat(history.named("Product Viewed")).hasSize(32);
  }

  @Test
  void theComputedValuesKeepNinetyDaysOfOrdersWhateverSegmentsRead() {
    HistoryHorizons none = new HistoryHorizons.Builder().build();
    assertThat(none.of("Order Completed")).isEqualTo(Duration.ofDays(90));
    assertThat(none.of("Search")).isEqualTo(Duration.ZERO);
    assertThat(new HistoryHorizons.Builder().reads("Search", null).build().of("Search"))
        .isEqualTo(History.RETENTION);
  }
}
