package dev.openpush.domain.campaign;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;

class RecurringScheduleTest {
  private static Instant next(String cron, String zone, String after) {
    return new Schedule.Recurring(cron, ZoneId.of(zone)).nextAfter(Instant.parse(after));
  }

  @Test
  void firesOnTheWallClockOfItsZone() {
    // Friday noon UTC; Monday 9:00 in Paris is 08:00 UTC in winter, in Tokyo 00:00 UTC.
    assertThat(next("0 9 * * 1", "Europe/Paris", "2026-11-20T12:00:00Z"))
        .isEqualTo("2026-11-23T08:00:00Z");
    assertThat(next("0 9 * * 1", "Asia/Tokyo", "2026-11-20T12:00:00Z"))
        .isEqualTo("2026-11-23T00:00:00Z");
    // Strictly after: at the very minute it fired, the next is a week later.
    assertThat(next("0 9 * * 1", "Europe/Paris", "2026-11-23T08:00:00Z"))
        .isEqualTo("2026-11-30T08:00:00Z");
  }

  @Test
  void keepsItsLocalTimeAcrossDaylightSavingChanges() {
    // Paris moves to summer time on 29 March 2026: 9:00 is 08:00 UTC before, 07:00 UTC after.
    assertThat(next("0 9 * * *", "Europe/Paris", "2026-03-28T12:00:00Z"))
        .isEqualTo("2026-03-29T07:00:00Z");
    // New York moves back on 1 November 2026: 9:00 is 13:00 UTC before, 14:00 UTC after.
    assertThat(next("0 9 * * *", "America/New_York", "2026-10-31T20:00:00Z"))
        .isEqualTo("2026-11-01T14:00:00Z");
    // 02:30 does not exist in Paris on 29 March: skipped that day.
    assertThat(next("30 2 * * *", "Europe/Paris", "2026-03-28T12:00:00Z"))
        .isEqualTo("2026-03-30T00:30:00Z");
  }

  @Test
  void whatCannotBeReadOrNeverFiresIsRefused() {
    assertThatThrownBy(() -> new Schedule.Recurring("0 9 31 2 *", ZoneId.of("UTC")))
        .hasMessageContaining("never fires");
    assertThatThrownBy(() -> new Schedule.Recurring("60 9 * * *", ZoneId.of("UTC")))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new Schedule.Recurring("0 9 * *", ZoneId.of("UTC")))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
