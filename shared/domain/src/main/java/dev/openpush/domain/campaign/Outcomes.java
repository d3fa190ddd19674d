package dev.openpush.domain.campaign;

import java.util.List;

/** The recorded outcomes of campaign runs. */
public interface Outcomes {
  /** Records the outcome unless the user already has one for the run; false if they had. */
  boolean record(Outcome outcome);

  /** Every outcome of a run (for metrics). */
  List<Outcome> ofRun(String appId, String campaignId, String runId);
}
