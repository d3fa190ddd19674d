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
import software.amazon.awssdk.services.dynamodb.model.Select;

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

  /**
   * Members page through the segment's partitions in order (the unsharded one first, then the
   * shards), filling each page across partitions. A cursor is the last key read, or the start of
   * the next partition when a page ended with one.
   */
  @Override
  public Page members(String appId, String segmentId, String cursor, int limit) {
    String list = "members/" + appId + "/" + segmentId;
    List<String> partitions = Keys.memberPartitions(appId, segmentId);
    Map<String, AttributeValue> start =
        Cursors.decode(
            cursor,
            list,
            Set.of(Keys.PK, Keys.SK),
            Map.of(),
            Map.entry(Keys.SK, Keys.MEMBER_PREFIX));
    int at = start == null ? 0 : partitions.indexOf(start.get(Keys.PK).s());
    if (at < 0) {
      throw new Cursors.InvalidCursorException();
    }
    List<String> ids = new ArrayList<>();
    for (; at < partitions.size(); at++) {
      String partition = partitions.get(at);
      Map<String, AttributeValue> from = start;
      QueryResponse response =
          dynamo.query(
              b ->
                  b.tableName(tables.memberships())
                      .keyConditionExpression("pk = :p AND begins_with(sk, :m)")
                      .expressionAttributeValues(
                          Map.of(":p", s(partition), ":m", s(Keys.MEMBER_PREFIX)))
                      .exclusiveStartKey(from)
                      .limit(limit - ids.size()));
      start = null;
      response
          .items()
          .forEach(item -> ids.add(item.get(Keys.SK).s().substring(Keys.MEMBER_PREFIX.length())));
      if (response.hasLastEvaluatedKey()) {
        return new Page(ids, Cursors.encode(list, response.lastEvaluatedKey()));
      }
      if (ids.size() >= limit) {
        return new Page(
            ids, at + 1 < partitions.size() ? partitionStart(list, partitions.get(at + 1)) : null);
      }
    }
    return new Page(ids, null);
  }

  private static String partitionStart(String list, String partition) {
    return Cursors.encode(list, Map.of(Keys.PK, s(partition), Keys.SK, s(Keys.MEMBER_PREFIX)));
  }

  /**
   * The exact member count: the member items of the unsharded partition (segments stored before the
   * shards) and of every shard, counted by consistent queries side by side. Counting items costs
   * reads when asked (half a read unit per 4 KB of member items: about 80 members) instead of a
   * counter write with every membership change, which cost as much as the member item itself,
   * twice, inside each transaction (docs/cost.md).
   */
  @Override
  public long size(String appId, String segmentId) {
    List<String> partitions = new ArrayList<>();
    partitions.add(Keys.segmentPartition(appId, segmentId));
    for (int shard = 0; shard < Keys.MEMBER_SHARDS; shard++) {
      partitions.add(Keys.memberShardPartition(appId, segmentId, shard));
    }
    return PartitionQueries.each(partitions, this::countMembers).stream()
        .mapToLong(Long::longValue)
        .sum();
  }

  private long countMembers(String partition) {
    long count = 0;
    for (QueryResponse page :
        dynamo.queryPaginator(
            b ->
                b.tableName(tables.memberships())
                    .keyConditionExpression("pk = :p AND begins_with(sk, :u)")
                    .expressionAttributeValues(
                        Map.of(":p", s(partition), ":u", s(Keys.MEMBER_PREFIX)))
                    .select(Select.COUNT)
                    .consistentRead(true))) {
      count += page.count();
    }
    return count;
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
