package dev.openpush.aws.dynamodb;

import static dev.openpush.aws.dynamodb.Attr.n;
import static dev.openpush.aws.dynamodb.Attr.s;

import dev.openpush.domain.ports.UserRef;
import dev.openpush.domain.ports.WakeQueue;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Due wake-ups from the profiles table's sparse {@code byWake} index (partition: the hour and a
 * shard of the user, sort: the time), so the sweep reads only the users whose time has come. Its
 * progress is one item.
 *
 * <p>Each hour is read in {@link Keys#WAKE_SHARDS} partitions, in parallel, and in the unsharded
 * partition that profiles written before the shards existed still sit in until their next update.
 */
public final class DynamoDbWakeQueue implements WakeQueue {
  /** How far back a first sweep looks. */
  static final Duration FIRST_LOOK_BACK = Duration.ofDays(2);

  private static final Map<String, AttributeValue> CURSOR_KEY =
      Map.of(Keys.PK, s("#system"), Keys.SK, s("sweep"));

  private final DynamoDbClient dynamo;
  private final Tables tables;
  private final java.time.Clock clock;

  public DynamoDbWakeQueue(DynamoDbClient dynamo, Tables tables, java.time.Clock clock) {
    this.dynamo = dynamo;
    this.tables = tables;
    this.clock = clock;
  }

  @Override
  public List<UserRef> due(Instant after, Instant until) {
    List<UserRef> due = new ArrayList<>();
    if (!until.isAfter(after)) {
      return due;
    }
    List<String> partitions = new ArrayList<>();
    for (Instant hour = after.truncatedTo(ChronoUnit.HOURS);
        !hour.isAfter(until);
        hour = hour.plus(Duration.ofHours(1))) {
      String legacy = Keys.wakeHour(hour);
      partitions.add(legacy);
      for (int shard = 0; shard < Keys.WAKE_SHARDS; shard++) {
        partitions.add(Keys.wakeShard(legacy, shard));
      }
    }
    // Side by side: one after the other, 129 queries an hour take a second or more.
    PartitionQueries.each(partitions, partition -> dueIn(partition, after, until))
        .forEach(due::addAll);
    return due;
  }

  private List<UserRef> dueIn(String partition, Instant after, Instant until) {
    List<UserRef> due = new ArrayList<>();
    dynamo
        .queryPaginator(
            b ->
                b.tableName(tables.profiles())
                    .indexName(Tables.BY_WAKE)
                    .keyConditionExpression("wakeHour = :h AND wakeAt BETWEEN :from AND :to")
                    .expressionAttributeValues(
                        Map.of(
                            ":h",
                            s(partition),
                            ":from",
                            n(after.toEpochMilli() + 1),
                            ":to",
                            n(until.toEpochMilli()))))
        .items()
        .forEach(item -> due.add(new UserRef(item.get("app").s(), item.get("uid").s())));
    return due;
  }

  @Override
  public Instant sweptUntil() {
    Map<String, AttributeValue> item =
        dynamo
            .getItem(b -> b.tableName(tables.segments()).key(CURSOR_KEY).consistentRead(true))
            .item();
    if (item == null || !item.containsKey("until")) {
      return clock.instant().minus(FIRST_LOOK_BACK);
    }
    return Instant.ofEpochMilli(Long.parseLong(item.get("until").n()));
  }

  @Override
  public void markSweptUntil(Instant until) {
    Map<String, AttributeValue> item = new java.util.HashMap<>(CURSOR_KEY);
    item.put("until", n(until.toEpochMilli()));
    dynamo.putItem(b -> b.tableName(tables.segments()).item(item));
  }
}
