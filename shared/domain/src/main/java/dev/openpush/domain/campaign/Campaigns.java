package dev.openpush.domain.campaign;

import com.fasterxml.jackson.databind.JsonNode;
import dev.openpush.domain.event.Ids;
import dev.openpush.domain.ports.SegmentRepository;
import dev.openpush.domain.template.Templates;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Creates, reads, deletes and launches campaigns. */
public final class Campaigns {
  private final CampaignRepository repository;
  private final SegmentRepository segments;
  private final Templates templates;
  private final SendQueue queue;
  private final Outcomes outcomes;
  private final Occurrences occurrences;
  private final Clock clock;

  public Campaigns(
      CampaignRepository repository,
      SegmentRepository segments,
      Templates templates,
      SendQueue queue,
      Outcomes outcomes,
      Occurrences occurrences,
      Clock clock) {
    this.repository = repository;
    this.segments = segments;
    this.templates = templates;
    this.queue = queue;
    this.outcomes = outcomes;
    this.occurrences = occurrences;
    this.clock = clock;
  }

  /** What a launch did: the run and the campaign's status. */
  public record Launch(String runId, CampaignStatus status, boolean started) {}

  public Campaign create(String appId, JsonNode definition) {
    String id =
        definition != null && definition.hasNonNull("id") && definition.get("id").isTextual()
            ? definition.get("id").asText()
            : "cmp-" + UUID.randomUUID();
    String problem = Ids.nameIdProblem(id);
    if (problem != null) {
      throw new InvalidCampaignException("$.id", problem);
    }
    Instant now = clock.instant();
    Campaign campaign =
        CampaignDefinitions.parse(appId, id, definition, CampaignStatus.DRAFT, null, 1, now, now);
    if (segments.find(appId, campaign.segmentId()).isEmpty()) {
      throw new InvalidCampaignException(
          "$.segmentId", "no segment \"" + campaign.segmentId() + "\"");
    }
    for (Variant variant : campaign.variants()) {
      if (templates.find(appId, variant.templateId()).isEmpty()) {
        throw new InvalidCampaignException(
            "$.templateId", "no template \"" + variant.templateId() + "\"");
      }
    }
    repository.create(campaign);
    return campaign;
  }

  public Optional<Campaign> find(String appId, String campaignId) {
    return repository.find(appId, campaignId);
  }

  public CampaignRepository.Page list(String appId, String cursor, int limit) {
    return repository.list(appId, cursor, limit);
  }

  /** Deletes the campaign; work of its runs still queued is dropped by the senders. */
  public void delete(String appId, String campaignId) {
    repository.delete(appId, campaignId);
  }

  /**
   * Starts a run of an {@code immediate} or {@code at} campaign. A campaign launched before answers
   * its run again and starts nothing: a relaunch never sends anyone the campaign twice.
   */
  public Launch launch(Campaign campaign) {
    if (campaign.runId() != null || campaign.status() != CampaignStatus.DRAFT) {
      return new Launch(campaign.runId(), campaign.status(), false);
    }
    Instant now = clock.instant();
    String runId = "run-" + UUID.randomUUID();
    if (campaign.schedule() instanceof Schedule.Triggered) {
      // Active from now: its run gathers every trigger from now on (each sent once per user).
      repository.replace(campaign.with(CampaignStatus.RUNNING, runId, now));
      return new Launch(runId, CampaignStatus.RUNNING, true);
    }
    if (campaign.schedule() instanceof Schedule.Recurring recurring) {
      // Each occurrence is a run of its own, started by the campaign clock.
      // The first occurrence is stored first: should storing the campaign fail, the clock finds
      // it still a draft and drops the occurrence.
      occurrences.schedule(campaign.appId(), campaign.id(), recurring.nextAfter(now));
      repository.replace(campaign.with(CampaignStatus.SCHEDULED, null, now));
      return new Launch(null, CampaignStatus.SCHEDULED, true);
    }
    CampaignStatus status =
        campaign.schedule() instanceof Schedule.At at && at.at() != null && at.at().isAfter(now)
            ? CampaignStatus.SCHEDULED
            : CampaignStatus.RUNNING;
    // The run is stored before its first task is queued: a sender drops tasks of runs the
    // campaign does not name. Should queueing fail, the campaign goes back to its state before,
    // so that launching again starts the run.
    Campaign launched = campaign.with(status, runId, now);
    repository.replace(launched);
    try {
      queue.enqueue(
          List.of(new SendTask.FanOut(campaign.appId(), campaign.id(), runId, now, null)));
    } catch (RuntimeException e) {
      repository.replace(
          new Campaign(
              launched.appId(),
              launched.id(),
              launched.name(),
              launched.segmentId(),
              launched.variants(),
              launched.holdoutPercent(),
              launched.schedule(),
              launched.deadline(),
              launched.topic(),
              launched.conversion(),
              launched.rateLimitPerSecond(),
              launched.ignoreFrequencyCaps(),
              launched.dropInQuietHours(),
              launched.frequencyCaps(),
              launched.definition(),
              campaign.status(),
              null,
              campaign.version() + 1,
              campaign.createdAt(),
              now));
      throw e;
    }
    return new Launch(runId, status, true);
  }

  public CampaignMetrics metrics(Campaign campaign) {
    if (campaign.runId() == null) {
      return CampaignMetrics.of(campaign, Outcomes.RunOutcomes.NONE);
    }
    return CampaignMetrics.of(
        campaign, outcomes.ofRun(campaign.appId(), campaign.id(), campaign.runId()));
  }
}
