package dev.openpush.aws.dynamodb;

import static dev.openpush.aws.dynamodb.Attr.s;

import dev.openpush.domain.ports.ProfileDirectory;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;

/**
 * Pages of an app's users (the profiles table's {@code byApp} index) and of a segment's members
 * (its partition in the memberships table), and the exact counts kept beside the members.
 */
public final class DynamoDbDirectory implements ProfileDirectory {
  private final DynamoDbClient dynamo;
  private final Tables tables;

  public DynamoDbDirectory(DynamoDbClient dynamo, Tables tables) {
    this.dynamo = dynamo;
    this.tables = tables;
  }

  @Override
  public Page users(String appId, String cursor, int limit) {
    String list = "users/" + appId;
    Map<String, AttributeValue> start =
        Cursors.decode(
            cursor,
            list,
            Set.of(Keys.PK, "app", "uid"),
            Map.of("app", appId),
            Map.entry(Keys.PK, Keys.profile(appId, "")));
    QueryResponse response =
        dynamo.query(
            b ->
                b.tableName(tables.profiles())
                    .indexName(Tables.BY_APP)
                    .keyConditionExpression("app = :app")
                    .expressionAttributeValues(Map.of(":app", s(appId)))
                    .exclusiveStartKey(start)
                    .limit(limit));
    List<String> ids = new ArrayList<>();
    response.items().forEach(item -> ids.add(item.get("uid").s()));
    return new Page(
        ids,
        response.hasLastEvaluatedKey() ? Cursors.encode(list, response.lastEvaluatedKey()) : null);
  }

  @Override
  public Page members(String appId, String segmentId, String cursor, int limit) {
    String list = "members/" + appId + "/" + segmentId;
    String partition = Keys.segmentPartition(appId, segmentId);
    Map<String, AttributeValue> start =
        Cursors.decode(
            cursor,
            list,
            Set.of(Keys.PK, Keys.SK),
            Map.of(Keys.PK, partition),
            Map.entry(Keys.SK, Keys.MEMBER_PREFIX));
    QueryResponse response =
        dynamo.query(
            b ->
                b.tableName(tables.memberships())
                    .keyConditionExpression("pk = :p AND begins_with(sk, :m)")
                    .expressionAttributeValues(
                        Map.of(":p", s(partition), ":m", s(Keys.MEMBER_PREFIX)))
                    .exclusiveStartKey(start)
                    .limit(limit));
    List<String> ids = new ArrayList<>();
    response
        .items()
        .forEach(item -> ids.add(item.get(Keys.SK).s().substring(Keys.MEMBER_PREFIX.length())));
    return new Page(
        ids,
        response.hasLastEvaluatedKey() ? Cursors.encode(list, response.lastEvaluatedKey()) : null);
  }

  /** The exact member count: the sum of the segment's counter shards (one query of 16 items). */
  @Override
  public long size(String appId, String segmentId) {
    return sumCounters(Keys.segmentPartition(appId, segmentId));
  }

  @Override
  public long userCount(String appId) {
    return sumCounters(Keys.segmentPartition(appId, Keys.ALL_USERS));
  }

  private long sumCounters(String partition) {
    QueryResponse response =
        dynamo.query(
            b ->
                b.tableName(tables.memberships())
                    .keyConditionExpression("pk = :p AND begins_with(sk, :c)")
                    .expressionAttributeValues(
                        Map.of(":p", s(partition), ":c", s(Keys.COUNT_PREFIX)))
                    .consistentRead(true));
    return response.items().stream().mapToLong(item -> Long.parseLong(item.get("count").n())).sum();
  }
}
