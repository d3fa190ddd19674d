package dev.openpush.domain.campaign;

import java.util.Map;

/**
 * What the users of one send task came to, recorded once per task (not per user: one small write
 * for a hundred users).
 *
 * @param taskKey the same on every delivery of the task ({@link SendTask.SendTo#key()})
 * @param byVariant the tally of each variant's users
 * @param holdout users held out
 * @param problem why the last message that failed did, null if none did
 */
public record TaskOutcome(
    String appId,
    String campaignId,
    String runId,
    String taskKey,
    Map<String, Tally> byVariant,
    long holdout,
    String problem) {
  public TaskOutcome {
    byVariant = Map.copyOf(byVariant);
  }
}
