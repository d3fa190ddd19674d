package dev.openpush.bench;

import com.fasterxml.jackson.databind.JsonNode;
import dev.openpush.domain.campaign.Campaign;
import dev.openpush.domain.campaign.CampaignDefinitions;
import dev.openpush.domain.campaign.CampaignRepository;
import dev.openpush.domain.campaign.CampaignSender;
import dev.openpush.domain.campaign.CampaignStatus;
import dev.openpush.domain.campaign.Outcomes;
import dev.openpush.domain.campaign.SendTask;
import dev.openpush.domain.campaign.TaskOutcome;
import dev.openpush.domain.delivery.Consent;
import dev.openpush.domain.delivery.DeliverySettings;
import dev.openpush.domain.delivery.DeliveryState;
import dev.openpush.domain.delivery.Device;
import dev.openpush.domain.delivery.FrequencyCap;
import dev.openpush.domain.delivery.Platform;
import dev.openpush.domain.delivery.PublishResult;
import dev.openpush.domain.delivery.Send;
import dev.openpush.domain.delivery.SettingsRepository;
import dev.openpush.domain.json.Json;
import dev.openpush.domain.ports.ConcurrentUpdateException;
import dev.openpush.domain.ports.DeliveryStates;
import dev.openpush.domain.ports.ProfileCommit;
import dev.openpush.domain.ports.ProfileDirectory;
import dev.openpush.domain.ports.ProfileStore;
import dev.openpush.domain.profile.Profile;
import dev.openpush.domain.template.MessageTemplate;
import dev.openpush.domain.template.TemplateEngine;
import dev.openpush.domain.template.TemplateRepository;
import dev.openpush.domain.template.Templates;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * For {@link PushBenchmark}: in-memory ports, safe for concurrent senders, with the writes they
 * would make recorded.
 */
final class InMemoryPushWorld {
  final Map<String, DeliveryState> states = new ConcurrentHashMap<>();
  final Map<String, TaskOutcome> outcomes = new ConcurrentHashMap<>();
  final ConcurrentLinkedQueue<String> writes = new ConcurrentLinkedQueue<>();
  final ConcurrentLinkedQueue<SendTask> queue = new ConcurrentLinkedQueue<>();
  final AtomicLong published = new AtomicLong();
  final List<String> members;
  final Duration latency;
  final Campaign campaign;

  InMemoryPushWorld(int users, Duration latency) {
    this.latency = latency;
    String[] ids = new String[users];
    for (int u = 0; u < users; u++) {
      ids[u] = "u" + u;
      states.put(
          ids[u],
          new DeliveryState(
              PushBenchmark.APP,
              ids[u],
              Consent.NEVER_SET,
              List.of(
                  new Device(
                      "phone",
                      Platform.APNS,
                      "token-" + u,
                      "arn:aws:sns:us-east-1:123456789012:endpoint/APNS/openpush-shop-APNS/" + u,
                      true,
                      PushBenchmark.NOW)),
              List.of(new Send("earlier", "r0", PushBenchmark.NOW.minus(Duration.ofDays(2)))),
              1));
    }
    members = Arrays.asList(ids);
    JsonNode definition =
        Json.object()
            .put("name", "Sale")
            .put("segmentId", "all")
            .put("templateId", "promo")
            .put("holdoutPercent", 5)
            .set("schedule", Json.object().put("type", "immediate"));
    campaign =
        CampaignDefinitions.parse(
            PushBenchmark.APP,
            "sale",
            definition,
            CampaignStatus.RUNNING,
            "run-1",
            2,
            PushBenchmark.NOW,
            PushBenchmark.NOW);
  }

  CampaignSender sender(int concurrency) {
    return new CampaignSender(
        new CampaignRepository() {
          public Optional<Campaign> find(String appId, String id) {
            return Optional.of(campaign);
          }

          public Page list(String appId, String cursor, int limit) {
            return new Page(List.of(campaign), null);
          }

          public void create(Campaign c) {}

          public void replace(Campaign c) {}

          public void delete(String appId, String id) {}
        },
        new Templates(
            new TemplateRepository() {
              public Optional<MessageTemplate> find(String appId, String id) {
                return Optional.of(
                    new MessageTemplate(
                        PushBenchmark.APP,
                        id,
                        "Promo",
                        "Hi {{default traits.firstName \"there\"}}",
                        "Winter sale: -20% until Sunday",
                        "shop://sale",
                        Map.of(),
                        1,
                        PushBenchmark.NOW,
                        PushBenchmark.NOW));
              }

              public Page list(String appId, String cursor, int limit) {
                return new Page(List.of(), null);
              }

              public void create(MessageTemplate template) {}
            },
            new TemplateEngine(),
            Clock.fixed(PushBenchmark.NOW, ZoneOffset.UTC)),
        new ProfileDirectory() {
          public Page users(String appId, String cursor, int limit) {
            return new Page(List.of(), null);
          }

          public Page members(String appId, String segmentId, String cursor, int limit) {
            int from = cursor == null ? 0 : Integer.parseInt(cursor);
            int to = Math.min(members.size(), from + limit);
            return new Page(
                members.subList(from, to), to < members.size() ? Integer.toString(to) : null);
          }

          public long size(String appId, String segmentId) {
            return members.size();
          }

          public long userCount(String appId) {
            return members.size();
          }
        },
        new ProfileStore() {
          public Map<String, Profile> load(String appId, Collection<String> userIds) {
            return Map.of();
          }

          public void commit(ProfileCommit commit) {}

          public void restoreHistory(Profile profile) {}

          public void purgeHistory(String appId, Collection<String> userIds) {}
        },
        new DeliveryStates() {
          public Optional<DeliveryState> find(String appId, String userId) {
            return Optional.ofNullable(states.get(userId));
          }

          public void save(DeliveryState state) {
            DeliveryState next =
                new DeliveryState(
                    PushBenchmark.APP,
                    state.userId(),
                    state.consent(),
                    state.devices(),
                    state.recentSends(),
                    state.version() + 1);
            DeliveryState stored = states.get(state.userId());
            if (stored != null && stored.version() != state.version()
                || !states.replace(state.userId(), stored, next)) {
              throw new ConcurrentUpdateException("moved");
            }
            writes.add(dev.openpush.aws.dynamodb.DynamoDbDeliveryStates.itemForBenchmark(next));
          }

          public void delete(String appId, String userId) {}
        },
        new SettingsRepository() {
          public DeliverySettings of(String appId) {
            return new DeliverySettings(
                List.of(new FrequencyCap(3, Duration.ofDays(1))),
                null,
                List.of(),
                0,
                ZoneOffset.UTC);
          }

          public void save(String appId, DeliverySettings settings) {}
        },
        // Answers after the latency without holding a thread, as an async client does.
        (endpointArn, message) ->
            CompletableFuture.supplyAsync(
                () -> {
                  published.incrementAndGet();
                  return (PublishResult) new PublishResult.Accepted("m");
                },
                CompletableFuture.delayedExecutor(latency.toNanos(), TimeUnit.NANOSECONDS)),
        new Outcomes() {
          public boolean recordTask(TaskOutcome outcome) {
            boolean first = outcomes.putIfAbsent(outcome.taskKey(), outcome) == null;
            if (first) {
              // pk, sk, expiresAt and a body of a tally per variant: about 300 bytes.
              writes.add("x".repeat(300));
            }
            return first;
          }

          public boolean recordEngagement(Mark mark) {
            throw new UnsupportedOperationException("not sent to");
          }

          public void forget(
              String appId,
              String userId,
              java.util.Collection<dev.openpush.domain.delivery.Send> sends) {}

          public RunOutcomes ofRun(String appId, String campaignId, String runId) {
            throw new UnsupportedOperationException("not read");
          }
        },
        queue::addAll,
        (scope, limit, messages) -> {},
        concurrency,
        Clock.fixed(PushBenchmark.NOW, ZoneOffset.UTC));
  }
}
