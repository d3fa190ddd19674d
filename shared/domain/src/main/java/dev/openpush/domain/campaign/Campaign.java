package dev.openpush.domain.campaign;

import com.fasterxml.jackson.databind.JsonNode;
import dev.openpush.domain.delivery.FrequencyCap;
import dev.openpush.domain.delivery.Message;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * A campaign: who (a segment), what (a template, or variants of one with a holdout), when (its
 * schedule) and under which rules.
 *
 * @param definition the definition as the marketer sent it, for reading back
 * @param deadline how long after a run starts a message may still go; null for none
 * @param topic null for none
 * @param conversion null for none
 * @param rateLimitPerSecond 0 for none of its own
 * @param runId the run started by the last launch, null before
 */
public record Campaign(
    String appId,
    String id,
    String name,
    String segmentId,
    List<Variant> variants,
    int holdoutPercent,
    Schedule schedule,
    Duration deadline,
    String topic,
    Conversion conversion,
    int rateLimitPerSecond,
    boolean ignoreFrequencyCaps,
    boolean dropInQuietHours,
    List<FrequencyCap> frequencyCaps,
    JsonNode definition,
    CampaignStatus status,
    String runId,
    long version,
    Instant createdAt,
    Instant updatedAt) {

  public Campaign {
    variants = List.copyOf(variants);
    frequencyCaps = List.copyOf(frequencyCaps);
  }

  /** A conversion: the event that counts, within how long after the message. */
  public record Conversion(String event, Duration within) {}

  /** {@code sendAt: "engagementWindow"}: each user at their next best hour (SPEC 5). */
  public boolean sendsInEngagementWindow() {
    return definition != null && "engagementWindow".equals(definition.path("sendAt").asText());
  }

  public VariantAssignment assignment() {
    return new VariantAssignment(id, variants, holdoutPercent);
  }

  /** The message of one run, as the delivery rules see it. */
  public Message message(String run, Instant runStartedAt) {
    return new Message(
        id,
        run,
        topic,
        frequencyCaps,
        ignoreFrequencyCaps,
        dropInQuietHours,
        deadline == null ? null : runStartedAt.plus(deadline));
  }

  public Campaign with(CampaignStatus nextStatus, String nextRun, Instant at) {
    return new Campaign(
        appId,
        id,
        name,
        segmentId,
        variants,
        holdoutPercent,
        schedule,
        deadline,
        topic,
        conversion,
        rateLimitPerSecond,
        ignoreFrequencyCaps,
        dropInQuietHours,
        frequencyCaps,
        definition,
        nextStatus,
        nextRun,
        version,
        createdAt,
        at);
  }
}
