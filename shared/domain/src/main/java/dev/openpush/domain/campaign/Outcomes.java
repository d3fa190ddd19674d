package dev.openpush.domain.campaign;

import java.time.Instant;
import java.util.Map;

/** The recorded outcomes of campaign runs: the source of their metrics. */
public interface Outcomes {
  /**
   * Records what a send task came to, unless that task's outcome is recorded already (a task
   * delivered again): false then. Every send, failure and suppression is so counted once.
   */
  boolean recordTask(TaskOutcome outcome);

  /**
   * That a user of a run received, opened or converted.
   *
   * @param variantId null for a held-out user
   */
  record Mark(
      String appId,
      String campaignId,
      String runId,
      String userId,
      String variantId,
      Engagement kind,
      Instant at) {}

  /** Records a mark, once per user, run and kind; false if it was recorded before. */
  boolean recordEngagement(Mark mark);

  /** What a run's users engaged in, per variant: users who received, opened, converted. */
  record Engaged(long received, long opened, long converted) {
    public static final Engaged NONE = new Engaged(0, 0, 0);

    public Engaged plus(Engagement kind) {
      return switch (kind) {
        case RECEIVED -> new Engaged(received + 1, opened, converted);
        case OPENED, OPENED_AT_PLAIN_TIME -> new Engaged(received, opened + 1, converted);
        case CONVERTED -> new Engaged(received, opened, converted + 1);
      };
    }
  }

  /**
   * A run's recorded outcomes, summed.
   *
   * @param engaged by variant id
   */
  record RunOutcomes(
      Map<String, Tally> byVariant,
      long holdout,
      Map<String, Engaged> engaged,
      long holdoutConverted) {
    public static final RunOutcomes NONE = new RunOutcomes(Map.of(), 0, Map.of(), 0);
  }

  RunOutcomes ofRun(String appId, String campaignId, String runId);

  /**
   * Deletes what was recorded of the user for the runs of these sends (erasure: the runs the user's
   * delivery state still remembers; older marks hold no user id, only a one-way digest of it).
   */
  void forget(
      String appId, String userId, java.util.Collection<dev.openpush.domain.delivery.Send> sends);
}
