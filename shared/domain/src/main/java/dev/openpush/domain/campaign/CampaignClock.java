package dev.openpush.domain.campaign;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.logging.Logger;

/**
 * Starts the runs of recurring campaigns when they are due (called every minute). Each occurrence
 * is a run of its own, named after its time, so that a tick repeated after a failure starts the
 * same run again: its users get one copy each, and its tasks are counted once.
 */
public final class CampaignClock {
  private static final Logger LOG = Logger.getLogger(CampaignClock.class.getName());
  private static final int PER_TICK = 100;

  private final CampaignRepository campaigns;
  private final Occurrences occurrences;
  private final SendQueue queue;
  private final Clock clock;

  public CampaignClock(
      CampaignRepository campaigns, Occurrences occurrences, SendQueue queue, Clock clock) {
    this.campaigns = campaigns;
    this.occurrences = occurrences;
    this.queue = queue;
    this.clock = clock;
  }

  /** Starts what is due; answers how many runs it started. */
  public int tick() {
    Instant now = clock.instant();
    int started = 0;
    List<Occurrences.Due> due = occurrences.due(now, PER_TICK);
    for (Occurrences.Due occurrence : due) {
      var found = campaigns.find(occurrence.appId(), occurrence.campaignId());
      if (found.isEmpty()
          || !(found.get().schedule() instanceof Schedule.Recurring recurring)
          || !(found.get().status() == CampaignStatus.SCHEDULED
              || found.get().status() == CampaignStatus.RUNNING)) {
        occurrences.done(occurrence); // deleted, stopped, or never launched
        continue;
      }
      Campaign campaign = found.get();
      String runId = "run-" + occurrence.at().getEpochSecond();
      if (!runId.equals(campaign.runId())) {
        campaigns.replace(campaign.with(CampaignStatus.RUNNING, runId, occurrence.at()));
      }
      queue.enqueue(
          List.of(
              new SendTask.FanOut(campaign.appId(), campaign.id(), runId, occurrence.at(), null)));
      // Missed occurrences (the clock was down) are not caught up: the next is after now.
      Instant next = recurring.nextAfter(now.isAfter(occurrence.at()) ? now : occurrence.at());
      occurrences.schedule(campaign.appId(), campaign.id(), next);
      occurrences.done(occurrence);
      LOG.info(() -> "started " + campaign.appId() + "/" + campaign.id() + " " + runId);
      started++;
    }
    return started;
  }
}
