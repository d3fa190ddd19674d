package dev.openpush.aws.dynamodb;

import static dev.openpush.aws.dynamodb.Attr.n;
import static dev.openpush.aws.dynamodb.Attr.s;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.openpush.domain.campaign.Engagement;
import dev.openpush.domain.campaign.Outcomes;
import dev.openpush.domain.campaign.Tally;
import dev.openpush.domain.campaign.TaskOutcome;
import dev.openpush.domain.delivery.SuppressionReason;
import dev.openpush.domain.json.Json;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

/**
 * A run's outcomes in the campaigns table, under pk {@code outcome#<app>#<campaign>#<run>#NN} (NN
 * one of 32 shards, so that a run of millions writes to many partitions): one item per send task
 * (sk {@code t#<taskKey>}, its tally per variant as JSON: one small write for a hundred users), and
 * one per user who received, opened or converted (sk {@code r#|o#|c#|p#} and a digest of the user
 * id: enough to count each user once, no id to find once they are erased; with the variant). Every
 * item is written once, conditional on its absence: what makes each count exactly once. Kept 400
 * days (TTL).
 */
public final class DynamoDbOutcomes implements Outcomes {
  private static final Duration KEEP = Duration.ofDays(400);
  private static final int MAX_PROBLEM_CHARS = 512;

  private final DynamoDbClient dynamo;
  private final String table;

  public DynamoDbOutcomes(DynamoDbClient dynamo, Tables tables) {
    this.dynamo = dynamo;
    this.table = tables.campaigns();
  }

  @Override
  public boolean recordTask(TaskOutcome o) {
    ObjectNode body = Json.object();
    body.put("holdout", o.holdout());
    ObjectNode variants = body.putObject("variants");
    o.byVariant().forEach((variant, tally) -> variants.set(variant, write(tally)));
    if (o.problem() != null) {
      body.put(
          "problem",
          o.problem().length() > MAX_PROBLEM_CHARS
              ? o.problem().substring(0, MAX_PROBLEM_CHARS)
              : o.problem());
    }
    Map<String, AttributeValue> item = new HashMap<>();
    item.put(Keys.PK, s(partition(o.appId(), o.campaignId(), o.runId(), o.taskKey())));
    item.put(Keys.SK, s("t#" + o.taskKey()));
    item.put("body", s(body.toString()));
    item.put(Keys.EXPIRES_AT, n(Instant.now().plus(KEEP).getEpochSecond()));
    return putOnce(item);
  }

  @Override
  public boolean recordEngagement(Mark mark) {
    Map<String, AttributeValue> item = new HashMap<>();
    item.put(Keys.PK, s(partition(mark.appId(), mark.campaignId(), mark.runId(), mark.userId())));
    item.put(Keys.SK, s(prefix(mark.kind()) + digest(mark.userId())));
    if (mark.variantId() != null) {
      item.put("variant", s(mark.variantId()));
    }
    item.put("at", n(mark.at().toEpochMilli()));
    item.put(Keys.EXPIRES_AT, n(mark.at().plus(KEEP).getEpochSecond()));
    return putOnce(item);
  }

  private boolean putOnce(Map<String, AttributeValue> item) {
    try {
      dynamo.putItem(
          b -> b.tableName(table).item(item).conditionExpression("attribute_not_exists(pk)"));
      return true;
    } catch (ConditionalCheckFailedException already) {
      return false;
    }
  }

  @Override
  public RunOutcomes ofRun(String appId, String campaignId, String runId) {
    Map<String, Tally> byVariant = new HashMap<>();
    Map<String, Engaged> engaged = new HashMap<>();
    long[] holdout = {0, 0}; // users, conversions
    for (int shard = 0; shard < Keys.MEMBER_SHARDS; shard++) {
      String pk = partition(appId, campaignId, runId, shard);
      dynamo
          .queryPaginator(
              b ->
                  b.tableName(table)
                      .keyConditionExpression("pk = :pk")
                      .expressionAttributeValues(Map.of(":pk", s(pk))))
          .items()
          .forEach(
              item -> {
                String sk = item.get(Keys.SK).s();
                if (sk.startsWith("t#")) {
                  JsonNode body = read(item.get("body").s());
                  holdout[0] += body.path("holdout").asLong();
                  body.path("variants")
                      .properties()
                      .forEach(v -> byVariant.merge(v.getKey(), tally(v.getValue()), Tally::plus));
                  return;
                }
                Engagement kind = kind(sk);
                if (kind == null) {
                  return;
                }
                if (!item.containsKey("variant")) {
                  holdout[1] += kind == Engagement.CONVERTED ? 1 : 0;
                  return;
                }
                engaged.merge(
                    item.get("variant").s(), Engaged.NONE.plus(kind), (a, b) -> a.plus(kind));
              });
    }
    return new RunOutcomes(byVariant, holdout[0], engaged, holdout[1]);
  }

  @Override
  public void forget(
      String appId, String userId, java.util.Collection<dev.openpush.domain.delivery.Send> sends) {
    java.util.Set<String> runs = new java.util.LinkedHashSet<>();
    sends.forEach(send -> runs.add(send.campaignId() + "\n" + send.campaignRun()));
    List<software.amazon.awssdk.services.dynamodb.model.WriteRequest> deletes = new ArrayList<>();
    for (String run : runs) {
      String[] campaignAndRun = run.split("\n", 2);
      for (Engagement kind : Engagement.values()) {
        Map<String, AttributeValue> key =
            Map.of(
                Keys.PK, s(partition(appId, campaignAndRun[0], campaignAndRun[1], userId)),
                Keys.SK, s(prefix(kind) + digest(userId)));
        deletes.add(
            software.amazon.awssdk.services.dynamodb.model.WriteRequest.builder()
                .deleteRequest(d -> d.key(key))
                .build());
      }
    }
    BatchWrites.write(dynamo, table, deletes);
  }

  /**
   * What a mark keeps of the user: a one-way digest of the id, enough to count each user once, and
   * no id to find once the user is erased.
   */
  static String digest(String userId) {
    try {
      byte[] sha =
          java.security.MessageDigest.getInstance("SHA-256")
              .digest(userId.getBytes(java.nio.charset.StandardCharsets.UTF_8));
      return java.util.HexFormat.of().formatHex(sha, 0, 16);
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }

  private static String prefix(Engagement kind) {
    return switch (kind) {
      case RECEIVED -> "r#";
      case OPENED -> "o#";
      case OPENED_AT_PLAIN_TIME -> "p#";
      case CONVERTED -> "c#";
    };
  }

  private static Engagement kind(String sk) {
    for (Engagement kind : Engagement.values()) {
      if (sk.startsWith(prefix(kind))) {
        return kind;
      }
    }
    return null;
  }

  private static ObjectNode write(Tally t) {
    ObjectNode out = Json.object();
    out.put("targeted", t.targeted()).put("sent", t.sent()).put("failed", t.failed());
    out.put("exited", t.exited());
    ObjectNode reasons = out.putObject("suppressed");
    t.suppressed().forEach((reason, n) -> reasons.put(reason.name(), n));
    return out;
  }

  private static Tally tally(JsonNode in) {
    Map<SuppressionReason, Long> reasons = new EnumMap<>(SuppressionReason.class);
    in.path("suppressed")
        .properties()
        .forEach(r -> reasons.put(SuppressionReason.valueOf(r.getKey()), r.getValue().asLong()));
    return new Tally(
        in.path("targeted").asLong(),
        in.path("sent").asLong(),
        in.path("failed").asLong(),
        in.path("exited").asLong(),
        reasons);
  }

  private static JsonNode read(String body) {
    try {
      return Json.mapper().readTree(body);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("unreadable task outcome", e);
    }
  }

  private static String partition(String appId, String campaignId, String runId, String key) {
    return partition(appId, campaignId, runId, Math.floorMod(key.hashCode(), Keys.MEMBER_SHARDS));
  }

  private static String partition(String appId, String campaignId, String runId, int shard) {
    return "outcome#%s#%s#%s#%02d".formatted(appId, campaignId, runId, shard);
  }
}
