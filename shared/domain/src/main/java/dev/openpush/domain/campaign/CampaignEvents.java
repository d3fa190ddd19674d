package dev.openpush.domain.campaign;

import com.fasterxml.jackson.databind.JsonNode;
import dev.openpush.domain.delivery.DeliveryState;
import dev.openpush.domain.delivery.Send;
import dev.openpush.domain.engagement.ScoringQueue;
import dev.openpush.domain.event.Event;
import dev.openpush.domain.event.EventParser;
import dev.openpush.domain.event.MalformedEventException;
import dev.openpush.domain.ports.DeliveryStates;
import dev.openpush.domain.segment.MembershipChange;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * What the apps' events mean to campaigns (SPEC 3 "Apps report back"): {@code Push Notification
 * Received} and {@code Push Notification Tapped} count as received and opened for the campaign they
 * name; the campaign's conversion event counts as a conversion when it comes within its window
 * after the user's message (or holdout assignment); and an event a triggered campaign waits for
 * queues that user's message, after the campaign's delay.
 *
 * <p>Every count is recorded once per user, run and kind, and every trigger is identified by its
 * event's message id, so a batch delivered twice counts and sends nothing twice.
 */
public final class CampaignEvents {
  public static final String RECEIVED = "Push Notification Received";
  public static final String TAPPED = "Push Notification Tapped";

  /** A trigger carries at most this much of its event's properties (templates read them). */
  static final int MAX_TRIGGER_PROPERTIES_CHARS = 16 * 1024;

  private final LiveCampaigns live;
  private final DeliveryStates states;
  private final Outcomes outcomes;
  private final SendQueue queue;
  private final ScoringQueue scoring;
  private final EventParser parser;

  public CampaignEvents(
      LiveCampaigns live,
      DeliveryStates states,
      Outcomes outcomes,
      SendQueue queue,
      ScoringQueue scoring,
      Clock clock) {
    this.live = live;
    this.states = states;
    this.outcomes = outcomes;
    this.queue = queue;
    this.scoring = scoring;
    this.parser = new EventParser(clock);
  }

  /** Records as the stream holds them; malformed ones are skipped (ingest dead-letters them). */
  public Report handleRecords(List<byte[]> records) {
    List<Event> events = new ArrayList<>();
    for (byte[] record : records) {
      try {
        events.add(parser.parse(record));
      } catch (MalformedEventException skipped) {
        // counted and dead-lettered by ingest, which reads the same records
      }
    }
    return handle(events);
  }

  /** What one batch did: engagement and conversions newly counted, messages queued. */
  public record Report(int engaged, int converted, int triggered) {}

  public Report handle(List<Event> events) {
    int engaged = 0;
    int converted = 0;
    List<SendTask> triggered = new ArrayList<>();
    Map<String, Optional<DeliveryState>> statesRead = new HashMap<>();
    Map<String, Set<String>> engagedByApp = new HashMap<>();
    for (Event event : events) {
      if (event.name() == null || event.primaryId() == null) {
        continue; // identify and alias calls are about people, not engagement
      }
      String userId = event.primaryId();
      if (event.name().equals(RECEIVED) || event.name().equals(TAPPED)) {
        // Their engagement with pushes changed: their window is scored again.
        engagedByApp.computeIfAbsent(event.appId(), k -> new HashSet<>()).add(userId);
      }
      List<Campaign> campaigns = live.of(event.appId());
      if (campaigns.isEmpty()) {
        continue;
      }
      // Read at most once per user and batch, and only when an event needs it.
      Supplier<Optional<DeliveryState>> state =
          () ->
              statesRead.computeIfAbsent(
                  event.appId() + "\u0000" + userId, k -> states.find(event.appId(), userId));
      if (event.name().equals(RECEIVED) || event.name().equals(TAPPED)) {
        Engagement kind = event.name().equals(RECEIVED) ? Engagement.RECEIVED : Engagement.OPENED;
        engaged += engagement(event, campaigns, kind, state) ? 1 : 0;
      }
      for (Campaign campaign : campaigns) {
        if (campaign.conversion() != null && campaign.conversion().event().equals(event.name())) {
          Optional<DeliveryState> known = state.get();
          converted += known.isPresent() && conversion(campaign, known.get(), event) ? 1 : 0;
        }
        if (campaign.schedule() instanceof Schedule.Triggered on
            && event.name().equals(on.event())
            && activeAt(campaign, event.timestamp())) {
          triggered.add(trigger(campaign, on, event));
        }
      }
    }
    queue.enqueue(triggered);
    engagedByApp.forEach(scoring::mark);
    return new Report(engaged, converted, triggered.size());
  }

  /**
   * Queues the messages of triggered campaigns waiting for these segment entries (the membership
   * change feed), each identified by its segment and entry time.
   *
   * @return how many were queued
   */
  public int entered(List<MembershipChange> changes) {
    List<SendTask> triggered = new ArrayList<>();
    for (MembershipChange change : changes) {
      if (change.kind() != MembershipChange.Kind.ENTERED) {
        continue;
      }
      for (Campaign campaign : live.of(change.appId())) {
        if (campaign.schedule() instanceof Schedule.Triggered on
            && change.segmentId().equals(on.segmentEntry())
            && activeAt(campaign, change.at())) {
          triggered.add(
              new SendTask.SendTo(
                  campaign.appId(),
                  campaign.id(),
                  campaign.runId(),
                  change.at(),
                  List.of(change.userId()),
                  on.delay().isZero() ? null : change.at().plus(on.delay()),
                  new SendTask.Trigger(
                      change.segmentId() + "@" + change.at().toEpochMilli(), change.at(), null)));
        }
      }
    }
    queue.enqueue(triggered);
    return triggered.size();
  }

  /**
   * Whether a triggered campaign was running when this happened: what came before its launch (a
   * replayed stream, a segment built over old users) sends nothing.
   */
  private static boolean activeAt(Campaign campaign, Instant at) {
    return campaign.status() == CampaignStatus.RUNNING
        && campaign.runId() != null
        && !at.isBefore(campaign.updatedAt());
  }

  /** Counts a push the app reports received or opened, for the campaign it names. */
  private boolean engagement(
      Event event,
      List<Campaign> campaigns,
      Engagement kind,
      Supplier<Optional<DeliveryState>> state) {
    String campaignId = text(event.properties().get("campaignId"));
    if (campaignId == null) {
      campaignId = text(event.properties().path("campaign").get("id"));
    }
    String runId = text(event.properties().get("runId"));
    for (Campaign campaign : campaigns) {
      if (!campaign.id().equals(campaignId) || (runId != null && !runId.equals(campaign.runId()))) {
        continue; // another campaign, or an earlier run than the one its metrics show
      }
      // The variant is the user's by assignment, whatever the event says: apps cannot move counts.
      if (!(campaign.assignment().armOf(event.primaryId()) instanceof Arm.Of arm)
          || !wasSent(campaign, state.get())) {
        return false; // only a user the run sent to can have received or opened it
      }
      if (kind == Engagement.OPENED && TimingHoldout.atPlainTime(campaign, event.primaryId())) {
        // Also counted for the send-time holdout: the other side of send-time optimisation's lift.
        outcomes.recordEngagement(
            new Outcomes.Mark(
                campaign.appId(),
                campaign.id(),
                campaign.runId(),
                event.primaryId(),
                TimingHoldout.PLAIN_TIME,
                Engagement.OPENED_AT_PLAIN_TIME,
                event.timestamp()));
      }
      return outcomes.recordEngagement(
          new Outcomes.Mark(
              campaign.appId(),
              campaign.id(),
              campaign.runId(),
              event.primaryId(),
              arm.variant().id(),
              kind,
              event.timestamp()));
    }
    return false;
  }

  private static boolean wasSent(Campaign campaign, Optional<DeliveryState> state) {
    return state.isPresent()
        && state.get().recentSends().stream()
            .anyMatch(
                s ->
                    !s.held()
                        && s.campaignId().equals(campaign.id())
                        && s.campaignRun().equals(campaign.runId()));
  }

  /** A conversion within the window after the user's message (or holdout entry) of the run. */
  private boolean conversion(Campaign campaign, DeliveryState state, Event event) {
    Instant at = event.timestamp();
    for (Send send : state.recentSends()) {
      if (send.campaignId().equals(campaign.id())
          && send.campaignRun().equals(campaign.runId())
          && !at.isBefore(send.at())
          && !at.isAfter(send.at().plus(campaign.conversion().within()))) {
        String variantId =
            send.held()
                ? null
                : campaign.assignment().armOf(event.primaryId()) instanceof Arm.Of arm
                    ? arm.variant().id()
                    : null;
        return outcomes.recordEngagement(
            new Outcomes.Mark(
                campaign.appId(),
                campaign.id(),
                campaign.runId(),
                event.primaryId(),
                variantId,
                Engagement.CONVERTED,
                at));
      }
    }
    return false;
  }

  private static SendTask.SendTo trigger(Campaign campaign, Schedule.Triggered on, Event event) {
    JsonNode properties =
        event.properties().toString().length() <= MAX_TRIGGER_PROPERTIES_CHARS
            ? event.properties()
            : null; // too large to carry: templates render without them
    Instant at = event.timestamp();
    return new SendTask.SendTo(
        campaign.appId(),
        campaign.id(),
        campaign.runId(),
        at,
        List.of(event.primaryId()),
        on.delay().isZero() ? null : at.plus(on.delay()),
        new SendTask.Trigger(event.messageId(), at, properties));
  }

  private static String text(JsonNode node) {
    return node != null && node.isTextual() && !node.asText().isEmpty() ? node.asText() : null;
  }
}
