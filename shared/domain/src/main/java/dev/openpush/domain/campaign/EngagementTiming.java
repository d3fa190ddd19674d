package dev.openpush.domain.campaign;

import dev.openpush.domain.engagement.EngagementWindow;
import dev.openpush.domain.engagement.HourOfWeek;
import java.time.Duration;
import java.time.Instant;

/**
 * When a campaign with {@code sendAt: "engagementWindow"} sends to one user (SPEC 5): at their
 * best-ranked hour whose next occurrence falls within the campaign's deadline (a day after the run
 * starts when it has none); now when none does, the user has no window yet, or they are in the
 * send-time holdout ({@link TimingHoldout}).
 */
final class EngagementTiming {
  static final Duration DEFAULT_DEADLINE = Duration.ofDays(1);

  private EngagementTiming() {}

  static Instant nextBest(
      Campaign campaign,
      String userId,
      Instant runStartedAt,
      EngagementWindow window,
      Instant now) {
    if (!campaign.sendsInEngagementWindow()
        || window == null
        || window.bestHours().isEmpty()
        || TimingHoldout.atPlainTime(campaign, userId)) {
      return now;
    }
    Instant limit =
        runStartedAt.plus(campaign.deadline() != null ? campaign.deadline() : DEFAULT_DEADLINE);
    for (EngagementWindow.BestHour hour : window.bestHours()) {
      Instant next = HourOfWeek.next(hour.hourOfWeek(), now, window.zone());
      if (!next.isAfter(limit)) {
        return next;
      }
    }
    return now;
  }
}
