package dev.openpush.domain.campaign;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.openpush.domain.delivery.Consent;
import dev.openpush.domain.delivery.DeliverySettings;
import dev.openpush.domain.delivery.DeliveryState;
import dev.openpush.domain.delivery.Device;
import dev.openpush.domain.delivery.Platform;
import dev.openpush.domain.delivery.PublishResult;
import dev.openpush.domain.delivery.QuietHours;
import dev.openpush.domain.delivery.SettingsRepository;
import dev.openpush.domain.delivery.SuppressionReason;
import dev.openpush.domain.ports.ConcurrentUpdateException;
import dev.openpush.domain.ports.DeliveryStates;
import dev.openpush.domain.support.InMemoryProfileStore;
import dev.openpush.domain.template.MessageTemplate;
import dev.openpush.domain.template.TemplateEngine;
import dev.openpush.domain.template.TemplateRepository;
import dev.openpush.domain.template.Templates;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** The sender's decisions per user, on in-memory ports: what is published, recorded and queued. */
class CampaignSenderTest {
  private static final Instant NOW = Instant.parse("2026-11-20T12:00:00Z");
  private static final String APP = "shop";

  private final Map<String, Campaign> campaigns = new HashMap<>();
  private final Map<String, DeliveryState> states = new HashMap<>();
  private final List<String> published = new ArrayList<>();
  private final Map<String, TaskOutcome> outcomes = new java.util.LinkedHashMap<>();
  private final List<SendTask> queued = new ArrayList<>();
  private final Map<String, String> gone = new HashMap<>();
  private final List<String> acquired = new ArrayList<>();
  private DeliverySettings settings = DeliverySettings.NONE;
  private boolean snsDown;
  private final java.util.Set<String> unavailableOnce = new java.util.HashSet<>();
  private List<String> members = List.of();

  private final CampaignSender sender =
      new CampaignSender(
          new MapCampaigns(campaigns),
          new Templates(
              new TemplateRepository() {
                @Override
                public Optional<MessageTemplate> find(String appId, String id) {
                  return Optional.of(
                      new MessageTemplate(
                          APP,
                          id,
                          "T",
                          "Hi {{default traits.name \"you\"}}",
                          "Sale",
                          null,
                          Map.of(),
                          1,
                          NOW,
                          NOW));
                }

                @Override
                public Page list(String appId, String cursor, int limit) {
                  return new Page(List.of(), null);
                }

                @Override
                public void create(MessageTemplate template) {}
              },
              new TemplateEngine(),
              Clock.fixed(NOW, ZoneOffset.UTC)),
          new ListDirectory(() -> members),
          new InMemoryProfileStore(),
          new DeliveryStates() {
            @Override
            public Optional<DeliveryState> find(String appId, String userId) {
              return Optional.ofNullable(states.get(userId));
            }

            @Override
            public void save(DeliveryState state) {
              if (unavailableOnce.remove(state.userId())) {
                throw new IllegalStateException("DynamoDB is unavailable");
              }
              DeliveryState stored = states.get(state.userId());
              if ((stored == null ? 0 : stored.version()) != state.version()) {
                throw new ConcurrentUpdateException("moved");
              }
              states.put(
                  state.userId(),
                  new DeliveryState(
                      APP,
                      state.userId(),
                      state.consent(),
                      state.devices(),
                      state.recentSends(),
                      state.version() + 1));
            }

            @Override
            public void delete(String appId, String userId) {
              states.remove(userId);
            }
          },
          new SettingsRepository() {
            @Override
            public DeliverySettings of(String appId) {
              return settings;
            }

            @Override
            public void save(String appId, DeliverySettings next) {
              settings = next;
            }
          },
          (endpointArn, message) -> {
            if (snsDown) {
              return CompletableFuture.failedFuture(
                  new IllegalStateException("SNS is unavailable"));
            }
            if (gone.containsKey(endpointArn)) {
              return CompletableFuture.completedFuture(
                  new PublishResult.DeviceGone(gone.get(endpointArn)));
            }
            published.add(endpointArn);
            return CompletableFuture.completedFuture(
                new PublishResult.Accepted("m-" + published.size()));
          },
          new Outcomes() {
            @Override
            public boolean recordTask(TaskOutcome outcome) {
              return outcomes.putIfAbsent(outcome.runId() + "/" + outcome.taskKey(), outcome)
                  == null;
            }

            @Override
            public boolean recordEngagement(Mark mark) {
              throw new UnsupportedOperationException("the sender records no engagement");
            }

            @Override
            public void forget(
                String appId,
                String userId,
                java.util.Collection<dev.openpush.domain.delivery.Send> sends) {}

            @Override
            public RunOutcomes ofRun(String appId, String campaignId, String runId) {
              throw new UnsupportedOperationException("the sender reads no metrics");
            }
          },
          queued::addAll,
          (scope, limit, messages) -> acquired.add(scope + " " + limit + " " + messages),
          1,
          Clock.fixed(NOW, ZoneOffset.UTC));

  /** Every recorded task's users, summed over variants. */
  private Tally total() {
    Tally total = Tally.NONE;
    for (TaskOutcome o : outcomes.values()) {
      for (Tally t : o.byVariant().values()) {
        total = total.plus(t);
      }
    }
    return total;
  }

  private Campaign campaign(int holdout, String scheduleJson) {
    var definition =
        dev.openpush.domain.json.Json.object()
            .put("name", "Sale")
            .put("segmentId", "all")
            .put("templateId", "promo")
            .put("holdoutPercent", holdout);
    try {
      definition.set("schedule", dev.openpush.domain.json.Json.mapper().readTree(scheduleJson));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
    Campaign c =
        CampaignDefinitions.parse(
            APP, "sale", definition, CampaignStatus.RUNNING, "run-1", 2, NOW, NOW);
    campaigns.put(c.id(), c);
    return c;
  }

  private void reachable(String user, String... tokens) {
    List<Device> devices = new ArrayList<>();
    for (String token : tokens) {
      devices.add(new Device(token, Platform.APNS, token, "arn:" + token, true, NOW));
    }
    states.put(user, new DeliveryState(APP, user, Consent.NEVER_SET, devices, List.of(), 1));
  }

  private SendTask.SendTo sendTo(String... users) {
    return new SendTask.SendTo(APP, "sale", "run-1", NOW, List.of(users), null);
  }

  @Test
  void everyValidDeviceGetsOneMessageAndARedeliveredTaskSendsNothingAgain() {
    campaign(0, "{\"type\":\"immediate\"}");
    reachable("ana", "ana-phone", "ana-tablet");
    reachable("ben", "ben-phone");

    CampaignSender.Report first = sender.handle(sendTo("ana", "ben"));
    CampaignSender.Report again = sender.handle(sendTo("ana", "ben"));

    assertThat(published).containsExactly("arn:ana-phone", "arn:ana-tablet", "arn:ben-phone");
    assertThat(first.sent()).isEqualTo(2);
    assertThat(again.sent()).isZero();
    // Recorded once: the redelivered task's outcome is refused, as a second delivery's would be.
    assertThat(outcomes).hasSize(1);
    assertThat(total()).isEqualTo(new Tally(2, 3, 0, 0, Map.of()));
    assertThat(states.get("ana").recentSends()).hasSize(1);
    // Every message passed both rate limits, the app's and the campaign's (none set: 0).
    assertThat(acquired)
        .containsExactly(
            "app#shop 0 2", "campaign#shop#sale 0 2", "app#shop 0 1", "campaign#shop#sale 0 1");
  }

  @Test
  void aTaskRetriedAfterFailingMidwayCountsItsEarlierSendsAsSentOnce() {
    campaign(0, "{\"type\":\"immediate\"}");
    reachable("ana", "ana-phone");
    reachable("ben", "ben-phone");
    unavailableOnce.add("ben"); // the store fails on ben's claim: the task fails, after ana's send

    assertThatThrownBy(() -> sender.handle(sendTo("ana", "ben")))
        .hasMessageContaining("unavailable");
    CampaignSender.Report retried = sender.handle(sendTo("ana", "ben"));

    assertThat(published).containsExactly("arn:ana-phone", "arn:ben-phone");
    assertThat(retried.sent()).isEqualTo(1);
    // Ana's claim names this task: sent, not a duplicate; a copy of another task would be.
    assertThat(outcomes.values()).singleElement();
    assertThat(total()).isEqualTo(new Tally(2, 2, 0, 0, Map.of()));
  }

  @Test
  void theHoldoutGetsNothingAndIsRecorded() {
    campaign(50, "{\"type\":\"immediate\"}");
    List<String> users = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      users.add("u" + i);
      reachable("u" + i, "t" + i);
    }

    sender.handle(sendTo(users.toArray(String[]::new)));
    // Delivered again: the task's holdout is recorded under the same key, counted once.
    sender.handle(sendTo(users.toArray(String[]::new)));

    VariantAssignment assignment =
        new VariantAssignment("sale", campaigns.get("sale").variants(), 50);
    long held = users.stream().filter(u -> assignment.armOf(u) instanceof Arm.Holdout).count();
    assertThat(held).isBetween(8L, 32L);
    assertThat(outcomes.values()).singleElement().extracting(TaskOutcome::holdout).isEqualTo(held);
    assertThat(published).hasSize((int) (40 - held));
    assertThat(total().targeted()).isEqualTo(40 - held);
    // Each held-out user is remembered (conversions count from it) and counted by no cap.
    users.stream()
        .filter(u -> assignment.armOf(u) instanceof Arm.Holdout)
        .forEach(
            u ->
                assertThat(states.get(u).recentSends())
                    .singleElement()
                    .satisfies(send -> assertThat(send.held()).isTrue()));
  }

  @Test
  void aDisabledEndpointMarksItsDeviceInvalidAndTheNextRunDoesNotTryIt() {
    campaign(0, "{\"type\":\"immediate\"}");
    reachable("gus", "gus-phone");
    gone.put("arn:gus-phone", "endpoint disabled");

    sender.handle(sendTo("gus"));
    campaigns.put("sale", campaigns.get("sale").with(CampaignStatus.RUNNING, "run-2", NOW));
    sender.handle(new SendTask.SendTo(APP, "sale", "run-2", NOW, List.of("gus"), null));

    assertThat(outcomes.values())
        .extracting(o -> o.byVariant().get("default"))
        .containsExactly(
            new Tally(1, 0, 1, 0, Map.of()),
            new Tally(1, 0, 0, 0, Map.of(SuppressionReason.INVALID_DEVICE, 1L)));
    assertThat(states.get("gus").devices().getFirst().valid()).isFalse();
    assertThat(published).isEmpty();
  }

  @Test
  void aPushServiceThatStaysDownIsAFailureRecordedOnceNotARetriedDuplicate() {
    campaign(0, "{\"type\":\"immediate\"}");
    reachable("ana", "ana-phone");
    snsDown = true;

    CampaignSender.Report report = sender.handle(sendTo("ana"));

    assertThat(report.failed()).isEqualTo(1);
    assertThat(outcomes.values())
        .singleElement()
        .satisfies(
            o -> {
              assertThat(o.byVariant().get("default").failed()).isEqualTo(1);
              assertThat(o.problem()).contains("SNS is unavailable");
            });
  }

  @Test
  void quietHoursDeferToTheirEndAndLocalTimeWaitsForTheUsersClock() {
    settings =
        new DeliverySettings(
            List.of(),
            new QuietHours(LocalTime.of(11, 0), LocalTime.of(13, 0)),
            List.of(),
            0,
            ZoneOffset.UTC);
    campaign(0, "{\"type\":\"immediate\"}");
    reachable("ana", "ana-phone");

    CampaignSender.Report deferred = sender.handle(sendTo("ana"));

    assertThat(deferred.deferred()).isEqualTo(1);
    assertThat(queued)
        .singleElement()
        .isEqualTo(
            new SendTask.SendTo(
                APP, "sale", "run-1", NOW, List.of("ana"), Instant.parse("2026-11-20T13:00:00Z")));
    assertThat(published).isEmpty();
    assertThat(outcomes).isEmpty();

    queued.clear();
    settings = DeliverySettings.NONE;
    campaign(0, "{\"type\":\"at\",\"at\":\"2026-11-20T18:30:00\",\"localTime\":true}");
    sender.handle(sendTo("ana"));
    // No time zone known: the app's default, UTC.
    assertThat(queued)
        .singleElement()
        .extracting(t -> ((SendTask.SendTo) t).notBefore())
        .isEqualTo(Instant.parse("2026-11-20T18:30:00Z"));
  }

  @Test
  void theAudienceIsReadPageByPageIntoBatchesAndWorkOfAnotherRunIsDropped() {
    campaign(0, "{\"type\":\"immediate\"}");
    List<String> everyone = new ArrayList<>();
    for (int i = 0; i < 2_500; i++) {
      everyone.add("u" + i);
    }
    members = everyone;

    sender.handle(new SendTask.FanOut(APP, "sale", "run-1", NOW, null));
    CampaignSender.Report stale =
        sender.handle(new SendTask.FanOut(APP, "sale", "run-0", NOW, null));

    assertThat(queued).hasSize(11);
    assertThat(queued.subList(0, 10))
        .allSatisfy(t -> assertThat(((SendTask.SendTo) t).userIds()).hasSize(100));
    assertThat(queued.get(10)).isEqualTo(new SendTask.FanOut(APP, "sale", "run-1", NOW, "1000"));
    assertThat(stale.enqueued()).isZero();
    assertThat(queued).hasSize(11);
  }
}
