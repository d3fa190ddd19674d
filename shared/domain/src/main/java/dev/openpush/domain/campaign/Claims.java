package dev.openpush.domain.campaign;

import dev.openpush.domain.delivery.DeliverySettings;
import dev.openpush.domain.delivery.DeliveryState;
import dev.openpush.domain.delivery.FrequencyCap;
import dev.openpush.domain.delivery.Send;
import dev.openpush.domain.delivery.SuppressionReason;
import dev.openpush.domain.delivery.Verdict;
import java.time.Duration;
import java.util.List;

/**
 * The sends a user's delivery state remembers, as the sender claims them: one per user and run (or
 * trigger), written before the message goes, so that no redelivery or concurrent sender sends a
 * second copy.
 */
final class Claims {
  /** How long a send is remembered for one-copy-per-run, beyond the longest cap. */
  static final Duration REMEMBER_SENDS = Duration.ofDays(8);

  /** At most this many sends are remembered per user, newest kept: the state stays small. */
  static final int MAX_REMEMBERED_SENDS = 500;

  private Claims() {}

  /**
   * A held-out user is remembered too (a {@code held} entry, counted by no cap), so that their
   * conversions count for the holdout: "deliver" here means "record the holdout", once.
   */
  static Verdict heldOut(DeliveryState state, Send claim) {
    for (Send earlier : state.recentSends()) {
      if (earlier.held()
          && earlier.campaignId().equals(claim.campaignId())
          && earlier.runId().equals(claim.runId())) {
        return new Verdict.Suppress(SuppressionReason.DUPLICATE);
      }
    }
    return new Verdict.Deliver(List.of());
  }

  /** Whether the task tagged {@code task} claimed this user's message of the run before. */
  static boolean claimedBy(DeliveryState state, String campaignId, String run, String task) {
    for (Send earlier : state.recentSends()) {
      if (task.equals(earlier.task())
          && earlier.campaignId().equals(campaignId)
          && earlier.runId().equals(run)) {
        return true;
      }
    }
    return false;
  }

  /**
   * The state with the claim added, sends kept as long as any cap of the app or campaign, or the
   * campaign's conversion window, reads them.
   */
  static DeliveryState withClaim(
      DeliveryState state, Send claim, Campaign campaign, DeliverySettings settings) {
    Duration keep = REMEMBER_SENDS;
    for (FrequencyCap cap : settings.frequencyCaps()) {
      keep = cap.per().compareTo(keep) > 0 ? cap.per() : keep;
    }
    for (FrequencyCap cap : campaign.frequencyCaps()) {
      keep = cap.per().compareTo(keep) > 0 ? cap.per() : keep;
    }
    if (campaign.conversion() != null && campaign.conversion().within().compareTo(keep) > 0) {
      keep = campaign.conversion().within(); // conversions are counted from this entry
    }
    return state.withSend(claim, keep, MAX_REMEMBERED_SENDS);
  }
}
