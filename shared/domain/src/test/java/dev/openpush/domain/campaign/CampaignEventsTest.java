package dev.openpush.domain.campaign;

import static org.assertj.core.api.Assertions.assertThat;

import dev.openpush.domain.delivery.Consent;
import dev.openpush.domain.delivery.DeliveryState;
import dev.openpush.domain.delivery.Send;
import dev.openpush.domain.engagement.ScoringQueue;
import dev.openpush.domain.json.Json;
import dev.openpush.domain.ports.DeliveryStates;
import dev.openpush.domain.segment.MembershipChange;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class CampaignEventsTest {
  private static final Instant LAUNCH = Instant.parse("2026-11-20T12:00:00Z");
  private static final String APP = "shop";

  private final List<Campaign> live = new ArrayList<>();
  private final Map<String, DeliveryState> states = new HashMap<>();
  private final Set<String> recorded = new LinkedHashSet<>();
  private final List<SendTask> queued = new ArrayList<>();
  private final Set<String> marked = new java.util.TreeSet<>();

  private final CampaignEvents events =
      new CampaignEvents(
          appId -> List.copyOf(live),
          new DeliveryStates() {
            @Override
            public Optional<DeliveryState> find(String appId, String userId) {
              return Optional.ofNullable(states.get(userId));
            }

            @Override
            public void save(DeliveryState state) {
              throw new UnsupportedOperationException("read only");
            }

            @Override
            public void delete(String appId, String userId) {}
          },
          new Outcomes() {
            @Override
            public boolean recordTask(TaskOutcome outcome) {
              throw new UnsupportedOperationException("no tasks here");
            }

            @Override
            public boolean recordEngagement(Mark mark) {
              return recorded.add(
                  mark.kind()
                      + " "
                      + mark.campaignId()
                      + "/"
                      + mark.runId()
                      + " "
                      + mark.userId()
                      + " "
                      + mark.variantId());
            }

            @Override
            public void forget(
                String appId,
                String userId,
                java.util.Collection<dev.openpush.domain.delivery.Send> sends) {}

            @Override
            public RunOutcomes ofRun(String appId, String campaignId, String runId) {
              throw new UnsupportedOperationException("no metrics here");
            }
          },
          queued::addAll,
          new ScoringQueue() {
            @Override
            public void mark(String appId, java.util.Collection<String> userIds) {
              marked.addAll(userIds);
            }

            @Override
            public List<Entry> take(int shard, int limit) {
              return List.of();
            }

            @Override
            public void done(List<Entry> entries) {}
          },
          Clock.fixed(LAUNCH.plus(Duration.ofDays(1)), ZoneOffset.UTC));

  private Campaign campaign(String id, int holdout, String schedule) {
    var definition =
        Json.object()
            .put("name", id)
            .put("segmentId", "all")
            .put("templateId", "promo")
            .put("holdoutPercent", holdout);
    try {
      definition.set("schedule", Json.mapper().readTree(schedule.replace('\'', '"')));
      definition.set(
          "conversion",
          Json.mapper().readTree("{\"event\":\"Order Completed\",\"within\":\"PT1H\"}"));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
    Campaign c =
        CampaignDefinitions.parse(
            APP, id, definition, CampaignStatus.RUNNING, "run-1", 2, LAUNCH, LAUNCH);
    live.add(c);
    return c;
  }

  private static byte[] track(String user, String event, Instant at, String properties) {
    return ("{\"type\":\"track\",\"appId\":\"shop\",\"event\":\""
            + event
            + "\",\"messageId\":\"m-"
            + user
            + "-"
            + at.toEpochMilli()
            + "\",\"userId\":\""
            + user
            + "\",\"timestamp\":\""
            + at
            + "\",\"properties\":"
            + properties.replace('\'', '"')
            + "}")
        .getBytes(StandardCharsets.UTF_8);
  }

  private void sent(String user, Campaign campaign, Instant at, boolean held) {
    states.put(
        user,
        new DeliveryState(
            APP,
            user,
            Consent.NEVER_SET,
            List.of(),
            List.of(new Send(campaign.id(), campaign.runId(), at, "t", held)),
            1));
  }

  @Test
  void conversionsCountWithinTheWindowOncePerUserAndTheHoldoutsCountForTheHoldout() {
    Campaign sale = campaign("sale", 50, "{'type':'immediate'}");
    String inVariant = "u1";
    String heldOut = "u0";
    for (int i = 0; ; i++) {
      if (sale.assignment().armOf("u" + i) instanceof Arm.Holdout) {
        heldOut = "u" + i;
        break;
      }
    }
    for (int i = 0; ; i++) {
      if (sale.assignment().armOf("u" + i) instanceof Arm.Of) {
        inVariant = "u" + i;
        break;
      }
    }
    Instant sentAt = LAUNCH.plusSeconds(60);
    sent(inVariant, sale, sentAt, false);
    sent(heldOut, sale, sentAt, true);
    sent("late", sale, sentAt, false);

    CampaignEvents.Report report =
        events.handleRecords(
            List.of(
                track(inVariant, "Order Completed", sentAt.plusSeconds(600), "{}"),
                track(inVariant, "Order Completed", sentAt.plusSeconds(700), "{}"),
                track(heldOut, "Order Completed", sentAt.plusSeconds(60), "{}"),
                // An hour and a second after: outside the window.
                track("late", "Order Completed", sentAt.plusSeconds(3601), "{}"),
                // Before the message: not caused by it.
                track("early", "Order Completed", sentAt.minusSeconds(1), "{}"),
                "not json".getBytes(StandardCharsets.UTF_8)));

    assertThat(recorded)
        .containsExactly(
            "CONVERTED sale/run-1 " + inVariant + " default",
            "CONVERTED sale/run-1 " + heldOut + " null");
    assertThat(report.converted()).isEqualTo(2);
  }

  @Test
  void receivedAndOpenedCountForTheCampaignTheyNameUnderTheUsersOwnVariant() {
    Campaign sale = campaign("sale", 0, "{'type':'immediate'}");
    Instant at = LAUNCH.plusSeconds(100);
    sent("ana", sale, LAUNCH.plusSeconds(50), false);

    events.handleRecords(
        List.of(
            track("ana", "Push Notification Received", at, "{'campaignId':'sale'}"),
            // Segment's shape; the variant the app claims is not believed.
            track(
                "ana",
                "Push Notification Tapped",
                at,
                "{'campaign':{'id':'sale'},'variantId':'x'}"),
            track("ana", "Push Notification Tapped", at.plusSeconds(1), "{'campaignId':'sale'}"),
            // An earlier run, or a campaign that does not exist: nothing.
            track("ben", "Push Notification Tapped", at, "{'campaignId':'sale','runId':'run-0'}"),
            track("ben", "Push Notification Tapped", at, "{'campaignId':'gone'}"),
            track("ben", "Push Notification Tapped", at, "{'campaignId':42}"),
            // Cai was never sent the campaign: a report of opening it counts for nothing.
            track("cai", "Push Notification Tapped", at, "{'campaignId':'sale'}")));

    assertThat(recorded)
        .containsExactly("RECEIVED sale/run-1 ana default", "OPENED sale/run-1 ana default");
    // Whoever reports engaging with a push is scored again, counted or not.
    assertThat(marked).containsExactly("ana", "ben", "cai");
  }

  @Test
  void triggersQueueOneTaskPerEventAfterTheDelayAndNothingFromBeforeTheLaunch() {
    campaign(
        "cart",
        0,
        "{'type':'triggered','on':{'event':'Product Added'},'delay':'PT1H',"
            + "'exitOn':{'event':'Order Completed'}}");
    campaign("vip", 0, "{'type':'triggered','on':{'segmentEntry':'vip'}}");
    Instant at = LAUNCH.plusSeconds(30);

    events.handleRecords(
        List.of(
            track("ana", "Product Added", at, "{'sku':'red-shoes'}"),
            track("ben", "Product Added", LAUNCH.minusSeconds(1), "{}"),
            track("cai", "Product Viewed", at, "{}"),
            track("dan", "Product Added", at, "{'blob':'" + "x".repeat(20_000) + "'}")));
    int entered =
        events.entered(
            List.of(
                new MembershipChange(APP, "vip", "eve", MembershipChange.Kind.ENTERED, at),
                new MembershipChange(APP, "vip", "fay", MembershipChange.Kind.EXITED, at),
                new MembershipChange(
                    APP, "vip", "gus", MembershipChange.Kind.ENTERED, LAUNCH.minusSeconds(5))));

    assertThat(entered).isEqualTo(1);
    assertThat(queued).hasSize(3);
    SendTask.SendTo ana = (SendTask.SendTo) queued.get(0);
    assertThat(ana.userIds()).containsExactly("ana");
    assertThat(ana.notBefore()).isEqualTo(at.plus(Duration.ofHours(1)));
    assertThat(ana.trigger().id()).isEqualTo("m-ana-" + at.toEpochMilli());
    assertThat(ana.trigger().properties().get("sku").asText()).isEqualTo("red-shoes");
    assertThat(ana.deliveryRun()).isEqualTo("run-1/m-ana-" + at.toEpochMilli());
    // Too large to carry: queued without the properties.
    assertThat(((SendTask.SendTo) queued.get(1)).trigger().properties()).isNull();
    SendTask.SendTo eve = (SendTask.SendTo) queued.get(2);
    assertThat(eve.userIds()).containsExactly("eve");
    assertThat(eve.notBefore()).isNull();
    assertThat(eve.trigger().id()).isEqualTo("vip@" + at.toEpochMilli());
  }
}
