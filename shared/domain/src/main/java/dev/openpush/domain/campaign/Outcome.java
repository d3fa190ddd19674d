package dev.openpush.domain.campaign;

import dev.openpush.domain.delivery.SuppressionReason;
import java.time.Instant;

/**
 * What happened to one user of one run, recorded once: the source of the campaign's metrics.
 *
 * @param variantId null for the holdout
 * @param reason the suppression reason for {@code SUPPRESSED}, else null
 * @param detail why a message failed, else null
 * @param messages the messages SNS accepted (one per device)
 */
public record Outcome(
    String appId,
    String campaignId,
    String runId,
    String userId,
    String variantId,
    Kind kind,
    SuppressionReason reason,
    String detail,
    int messages,
    Instant at) {

  public enum Kind {
    SENT,
    FAILED,
    SUPPRESSED,
    HOLDOUT
  }
}
