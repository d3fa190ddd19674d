package dev.openpush.domain.profile;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** A window is {@code (now - within, ∞)}: its start is exclusive, future events are inside. */
class HistoryTest {
  private static final Instant NOW = Instant.parse("2026-11-23T10:00:00.250Z");

  private static List<StoredEvent> at(Instant... moments) {
    return Stream.of(moments)
        .map(m -> new StoredEvent("Application Opened", m, JsonNodeFactory.instance.objectNode()))
        .toList();
  }

  @Test
  void anEventExactlyAtTheWindowStartIsOutsideAndOneAMillisecondLaterIsInside() {
    Duration week = Duration.ofDays(7);
    Instant start = NOW.minus(week);
    List<StoredEvent> series =
        at(start.minusMillis(1), start, start.plusMillis(1), NOW, NOW.plusSeconds(60));

    assertThat(History.windowStart(series, NOW, week)).isEqualTo(2);
    assertThat(History.window(series, NOW, week))
        .extracting(StoredEvent::at)
        .containsExactly(start.plusMillis(1), NOW, NOW.plusSeconds(60));
  }

  @Test
  void windowsWithFractionsOfASecondBorrowAcrossTheSecond() {
    // 10:00:00.250 minus 0.5 s is 09:59:59.750: the borrow across the second must be exact.
    Duration half = Duration.ofMillis(500);
    List<StoredEvent> series =
        at(
            Instant.parse("2026-11-23T09:59:59.750Z"),
            Instant.parse("2026-11-23T09:59:59.751Z"),
            NOW);

    assertThat(History.windowStart(series, NOW, half)).isEqualTo(1);
    assertThat(History.windowStart(series, NOW, null)).isZero();
    assertThat(History.windowStart(List.of(), NOW, half)).isZero();
  }
}
