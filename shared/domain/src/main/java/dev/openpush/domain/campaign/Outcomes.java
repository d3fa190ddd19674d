package dev.openpush.domain.campaign;

import java.util.List;

/** The recorded outcomes of campaign runs. */
public interface Outcomes {
  /** Records the outcome unless the user already has one for the run; false if they had. */
  boolean record(Outcome outcome);

  /**
   * Records how many users of one send task were held out. Idempotent: a task's holdout is the same
   * on every delivery (assignment is by hash), so a retried task writes the same count again. One
   * write per task instead of one per held-out user.
   *
   * @param taskKey the same for every delivery of the same task
   */
  void recordHoldout(String appId, String campaignId, String runId, String taskKey, int users);

  /** What a run's users came to: one outcome per user who was not held out, and the holdout. */
  record RunOutcomes(List<Outcome> outcomes, long holdout) {}

  RunOutcomes ofRun(String appId, String campaignId, String runId);
}
