package dev.openpush.aws.dynamodb;

import static dev.openpush.aws.dynamodb.Attr.n;
import static dev.openpush.aws.dynamodb.Attr.s;

import dev.openpush.domain.engagement.ScoringQueue;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * Users to score again, in the campaigns table: pk {@code score#NN} (NN one of 32 shards, a hash of
 * app and user), sk {@code <app>#<user>}; a mark is a put (marking twice is one item), kept 30 days
 * at most (TTL). A mark made while its user is being scored may be removed with the older one: the
 * user's next engagement marks them again.
 */
public final class DynamoDbScoringQueue implements ScoringQueue {
  private static final Duration KEEP = Duration.ofDays(30);

  private final DynamoDbClient dynamo;
  private final String table;
  private final Clock clock;

  public DynamoDbScoringQueue(DynamoDbClient dynamo, Tables tables, Clock clock) {
    this.dynamo = dynamo;
    this.table = tables.campaigns();
    this.clock = clock;
  }

  @Override
  public void mark(String appId, Collection<String> userIds) {
    List<WriteRequest> puts = new ArrayList<>();
    long expires = clock.instant().plus(KEEP).getEpochSecond();
    for (String userId : new LinkedHashSet<>(userIds)) {
      Map<String, AttributeValue> item =
          Map.of(
              Keys.PK,
              s(partition(appId, userId)),
              Keys.SK,
              s(appId + "#" + userId),
              "app",
              s(appId),
              "uid",
              s(userId),
              Keys.EXPIRES_AT,
              n(expires));
      puts.add(WriteRequest.builder().putRequest(p -> p.item(item)).build());
    }
    BatchWrites.write(dynamo, table, puts);
  }

  @Override
  public List<Entry> take(int shard, int limit) {
    List<Entry> entries = new ArrayList<>();
    for (Map<String, AttributeValue> item :
        dynamo
            .query(
                b ->
                    b.tableName(table)
                        .keyConditionExpression("pk = :pk")
                        .expressionAttributeValues(Map.of(":pk", s(shardPartition(shard))))
                        .limit(limit))
            .items()) {
      entries.add(new Entry(item.get("app").s(), item.get("uid").s()));
    }
    return entries;
  }

  @Override
  public void done(List<Entry> entries) {
    List<WriteRequest> deletes = new ArrayList<>();
    for (Entry e : entries) {
      Map<String, AttributeValue> key =
          Map.of(
              Keys.PK, s(partition(e.appId(), e.userId())),
              Keys.SK, s(e.appId() + "#" + e.userId()));
      deletes.add(WriteRequest.builder().deleteRequest(d -> d.key(key)).build());
    }
    BatchWrites.write(dynamo, table, deletes);
  }

  private static String partition(String appId, String userId) {
    return shardPartition(Math.floorMod((appId + "#" + userId).hashCode(), SHARDS));
  }

  private static String shardPartition(int shard) {
    return "score#%02d".formatted(shard);
  }
}
