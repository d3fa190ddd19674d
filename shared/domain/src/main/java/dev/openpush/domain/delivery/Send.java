package dev.openpush.domain.delivery;

import java.time.Instant;

/**
 * A message that went to a user: what frequency caps count and what makes a second copy a
 * duplicate. A held-out user gets a {@code held} entry instead, which no cap counts: it says when
 * they were assigned to the holdout, which is where their conversions are counted from.
 *
 * @param runId the run, or for a triggered campaign the run and the trigger ({@code run/trigger})
 * @param task the send task that claimed it (a short digest), null if unknown: a task retried after
 *     a failure midway tells its own earlier sends from another task's copies by it
 */
public record Send(String campaignId, String runId, Instant at, String task, boolean held) {
  public Send(String campaignId, String runId, Instant at) {
    this(campaignId, runId, at, null, false);
  }

  /** The campaign's run this send belongs to, without a trigger's part. */
  public String campaignRun() {
    int slash = runId.indexOf('/');
    return slash < 0 ? runId : runId.substring(0, slash);
  }
}
