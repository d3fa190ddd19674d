package dev.openpush.domain.campaign;

import com.fasterxml.jackson.databind.JsonNode;
import dev.openpush.domain.delivery.DeliveryState;
import dev.openpush.domain.delivery.Send;
import dev.openpush.domain.event.Event;
import dev.openpush.domain.ports.DeliveryStates;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

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

  public CampaignEvents(
      LiveCampaigns live, DeliveryStates states, Outcomes outcomes, SendQueue queue) {
    this.live = live;
    this.states = states;
    this.outcomes = outcomes;
    this.queue = queue;
  }

  /** What one batch did: engagement and conversions newly counted, messages queued. */
  public record Report(int engaged, int converted, int triggered) {}

  public Report handle(List<Event> events) {
    int engaged = 0;
    int converted = 0;
    List<SendTask> triggered = new ArrayList<>();
    Map<String, Optional<DeliveryState>> statesRead = new HashMap<>();
    for (Event event : events) {
      if (event.name() == null || event.primaryId() == null) {
        continue; // identify and alias calls are about people, not engagement
      }
      List<Campaign> campaigns = live.of(event.appId());
      if (campaigns.isEmpty()) {
        continue;
      }
      String userId = event.primaryId();
      if (event.name().equals(RECEIVED) || event.name().equals(TAPPED)) {
        engaged +=
            engagement(
                    event,
                    campaigns,
                    event.name().equals(RECEIVED) ? Engagement.RECEIVED : Engagement.OPENED)
                ? 1
                : 0;
      }
      for (Campaign campaign : campaigns) {
        if (campaign.conversion() != null && campaign.conversion().event().equals(event.name())) {
          Optional<DeliveryState> state =
              statesRead.computeIfAbsent(
                  event.appId() + "\u0000" + userId, k -> states.find(event.appId(), userId));
          converted += state.isPresent() && conversion(campaign, state.get(), event) ? 1 : 0;
        }
        if (campaign.status() == CampaignStatus.RUNNING
            && campaign.schedule() instanceof Schedule.Triggered on
            && event.name().equals(on.event())) {
          triggered.add(trigger(campaign, on, event));
        }
      }
    }
    queue.enqueue(triggered);
    return new Report(engaged, converted, triggered.size());
  }

  /** Counts a push the app reports received or opened, for the campaign it names. */
  private boolean engagement(Event event, List<Campaign> campaigns, Engagement kind) {
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
      if (!(campaign.assignment().armOf(event.primaryId()) instanceof Arm.Of arm)) {
        return false;
      }
      return outcomes.recordEngagement(
          campaign.appId(),
          campaign.id(),
          campaign.runId(),
          event.primaryId(),
          arm.variant().id(),
          kind,
          event.timestamp());
    }
    return false;
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
            campaign.appId(),
            campaign.id(),
            campaign.runId(),
            event.primaryId(),
            variantId,
            Engagement.CONVERTED,
            at);
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
        on.delay() == null || on.delay().isZero() ? null : at.plus(on.delay()),
        new SendTask.Trigger(event.messageId(), at, properties));
  }

  private static String text(JsonNode node) {
    return node != null && node.isTextual() && !node.asText().isEmpty() ? node.asText() : null;
  }
}
