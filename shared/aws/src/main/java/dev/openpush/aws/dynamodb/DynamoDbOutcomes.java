package dev.openpush.aws.dynamodb;

import static dev.openpush.aws.dynamodb.Attr.n;
import static dev.openpush.aws.dynamodb.Attr.s;

import dev.openpush.domain.campaign.Outcome;
import dev.openpush.domain.campaign.Outcomes;
import dev.openpush.domain.delivery.SuppressionReason;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

/**
 * One item per user and run in the campaigns table: pk {@code outcome#<app>#<campaign>#<run>#NN}
 * (NN one of 32 shards, a hash of the user id, so that a run of millions writes to many
 * partitions), sk {@code u#<userId>}. Written once (conditional on absence): the record that makes
 * every outcome count exactly once. Kept 400 days (TTL).
 */
public final class DynamoDbOutcomes implements Outcomes {
  private static final Duration KEEP = Duration.ofDays(400);

  private final DynamoDbClient dynamo;
  private final String table;

  public DynamoDbOutcomes(DynamoDbClient dynamo, Tables tables) {
    this.dynamo = dynamo;
    this.table = tables.campaigns();
  }

  @Override
  public boolean record(Outcome o) {
    Map<String, AttributeValue> item = new HashMap<>();
    item.put(
        Keys.PK,
        s(
            partition(
                o.appId(),
                o.campaignId(),
                o.runId(),
                Math.floorMod(o.userId().hashCode(), Keys.MEMBER_SHARDS))));
    item.put(Keys.SK, s("u#" + o.userId()));
    item.put("kind", s(o.kind().name()));
    if (o.variantId() != null) {
      item.put("variant", s(o.variantId()));
    }
    if (o.reason() != null) {
      item.put("reason", s(o.reason().name()));
    }
    if (o.detail() != null) {
      item.put("detail", s(o.detail().length() > 512 ? o.detail().substring(0, 512) : o.detail()));
    }
    item.put("messages", n(o.messages()));
    item.put("at", n(o.at().toEpochMilli()));
    item.put(Keys.EXPIRES_AT, n(o.at().plus(KEEP).getEpochSecond()));
    try {
      dynamo.putItem(
          b -> b.tableName(table).item(item).conditionExpression("attribute_not_exists(pk)"));
      return true;
    } catch (ConditionalCheckFailedException already) {
      return false;
    }
  }

  @Override
  public void recordHoldout(
      String appId, String campaignId, String runId, String taskKey, int users) {
    Instant now = Instant.now();
    dynamo.putItem(
        b ->
            b.tableName(table)
                .item(
                    Map.of(
                        Keys.PK,
                        s(
                            partition(
                                appId,
                                campaignId,
                                runId,
                                Math.floorMod(taskKey.hashCode(), Keys.MEMBER_SHARDS))),
                        Keys.SK,
                        s("h#" + taskKey),
                        "users",
                        n(users),
                        Keys.EXPIRES_AT,
                        n(now.plus(KEEP).getEpochSecond()))));
  }

  @Override
  public RunOutcomes ofRun(String appId, String campaignId, String runId) {
    List<Outcome> outcomes = new ArrayList<>();
    long[] holdout = {0};
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
                if (item.get(Keys.SK).s().startsWith("h#")) {
                  holdout[0] += Long.parseLong(item.get("users").n());
                  return;
                }
                outcomes.add(
                    new Outcome(
                        appId,
                        campaignId,
                        runId,
                        item.get(Keys.SK).s().substring(2),
                        item.containsKey("variant") ? item.get("variant").s() : null,
                        Outcome.Kind.valueOf(item.get("kind").s()),
                        item.containsKey("reason")
                            ? SuppressionReason.valueOf(item.get("reason").s())
                            : null,
                        item.containsKey("detail") ? item.get("detail").s() : null,
                        Integer.parseInt(item.get("messages").n()),
                        Instant.ofEpochMilli(Long.parseLong(item.get("at").n()))));
              });
    }
    return new RunOutcomes(outcomes, holdout[0]);
  }

  private static String partition(String appId, String campaignId, String runId, int shard) {
    return "outcome#%s#%s#%s#%02d".formatted(appId, campaignId, runId, shard);
  }
}
