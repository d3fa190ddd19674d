package dev.openpush.domain.campaign;

import static org.assertj.core.api.Assertions.assertThat;

import dev.openpush.domain.engagement.EngagementWindow;
import dev.openpush.domain.json.Json;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import org.junit.jupiter.api.Test;

class EngagementTimingTest {
  // Monday 2026-11-23 12:00 UTC = 13:00 in Paris.
  private static final Instant NOW = Instant.parse("2026-11-23T12:00:00Z");

  private static Campaign campaign(String sendAt, String deadline) {
    var d =
        Json.object()
            .put("name", "n")
            .put("segmentId", "all")
            .put("templateId", "t")
            .put("sendAt", sendAt);
    d.set("schedule", Json.object().put("type", "immediate"));
    if (deadline != null) {
      d.put("deadline", deadline);
    }
    return CampaignDefinitions.parse("shop", "c", d, CampaignStatus.RUNNING, "run-1", 2, NOW, NOW);
  }

  private static EngagementWindow window(int... hours) {
    List<EngagementWindow.BestHour> best =
        java.util.Arrays.stream(hours)
            .mapToObj(h -> new EngagementWindow.BestHour(h, 0.2))
            .toList();
    return new EngagementWindow(
        ZoneId.of("Europe/Paris"), best, EngagementWindow.Source.MODEL, "v1", NOW);
  }

  /** A user of the campaign outside its send-time holdout. */
  private static String windowed(Campaign campaign) {
    for (int i = 0; ; i++) {
      if (!TimingHoldout.atPlainTime(campaign, "u" + i)) {
        return "u" + i;
      }
    }
  }

  @Test
  void aTenthOfTheUsersAreSentAtThePlainTimeToMeasureWhatTheWindowsBring() {
    Campaign sto = campaign("engagementWindow", null);
    int plain = 0;
    String plainUser = null;
    for (int i = 0; i < 10_000; i++) {
      if (TimingHoldout.atPlainTime(sto, "u" + i)) {
        plain++;
        plainUser = "u" + i;
      }
    }
    assertThat(plain).isBetween(900, 1_100);
    assertThat(EngagementTiming.nextBest(sto, plainUser, NOW, window(20), NOW)).isEqualTo(NOW);
    // Only campaigns sent in windows have the holdout.
    assertThat(TimingHoldout.atPlainTime(campaign("scheduled", null), plainUser)).isFalse();
  }

  @Test
  void eachUserGetsTheirBestHourThatFallsWithinTheDeadline() {
    Campaign sto = campaign("engagementWindow", null); // deadline: a day after the run starts
    // Monday 20:00 in Paris (hour 20) is 19:00 UTC today.
    assertThat(EngagementTiming.nextBest(sto, windowed(sto), NOW, window(20, 45), NOW))
        .isEqualTo("2026-11-23T19:00:00Z");
    // Thursday 09:00 (hour 81) is three days off: the next-ranked hour within the day is taken,
    // Tuesday 09:00 (hour 33).
    assertThat(EngagementTiming.nextBest(sto, windowed(sto), NOW, window(81, 33), NOW))
        .isEqualTo("2026-11-24T08:00:00Z");
    // Within the best hour already: now.
    assertThat(EngagementTiming.nextBest(sto, windowed(sto), NOW, window(13), NOW)).isEqualTo(NOW);
    // No best hour within the deadline, no window, or a plain campaign: now.
    assertThat(
            EngagementTiming.nextBest(
                campaign("engagementWindow", "PT2H"), "u", NOW, window(81), NOW))
        .isEqualTo(NOW);
    assertThat(EngagementTiming.nextBest(sto, windowed(sto), NOW, null, NOW)).isEqualTo(NOW);
    assertThat(EngagementTiming.nextBest(campaign("scheduled", null), "u", NOW, window(20), NOW))
        .isEqualTo(NOW);
  }
}
