package dev.openpush.aws.dynamodb;

import static dev.openpush.aws.dynamodb.Attr.n;
import static dev.openpush.aws.dynamodb.Attr.s;

import com.fasterxml.jackson.databind.JsonNode;
import dev.openpush.domain.json.Json;
import dev.openpush.domain.ports.ConcurrentUpdateException;
import dev.openpush.domain.ports.SegmentRepository;
import dev.openpush.domain.segment.Segment;
import dev.openpush.domain.segment.SegmentStatus;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * Segment definitions keyed by app and id. Segments with work pending (building, deleting) are also
 * listed under one well-known partition so the sweep finds them without a scan.
 */
public final class DynamoDbSegmentRepository implements SegmentRepository {
  /** Partition that lists segments with pending work: sk = appId#segmentId. */
  static final String PENDING = "#pending";

  private final DynamoDbClient dynamo;
  private final Tables tables;

  public DynamoDbSegmentRepository(DynamoDbClient dynamo, Tables tables) {
    this.dynamo = dynamo;
    this.tables = tables;
  }

  @Override
  public Optional<Segment> find(String appId, String segmentId) {
    Map<String, AttributeValue> item =
        dynamo
            .getItem(
                b ->
                    b.tableName(tables.segments())
                        .key(Map.of(Keys.PK, s(appId), Keys.SK, s(segmentId)))
                        .consistentRead(true))
            .item();
    return item == null || item.isEmpty() ? Optional.empty() : Optional.of(fromItem(item));
  }

  @Override
  public Page list(String appId, String cursor, int limit) {
    String list = "segments/" + appId;
    Map<String, AttributeValue> start =
        Cursors.decode(cursor, list, Set.of(Keys.PK, Keys.SK), Map.of(Keys.PK, appId), null);
    QueryResponse response =
        dynamo.query(
            b ->
                b.tableName(tables.segments())
                    .keyConditionExpression("pk = :app")
                    .expressionAttributeValues(Map.of(":app", s(appId)))
                    .exclusiveStartKey(start)
                    .limit(limit));
    List<Segment> segments = new ArrayList<>();
    response.items().forEach(item -> segments.add(fromItem(item)));
    return new Page(
        segments,
        response.hasLastEvaluatedKey() ? Cursors.encode(list, response.lastEvaluatedKey()) : null);
  }

  @Override
  public List<Segment> all(String appId) {
    List<Segment> all = new ArrayList<>();
    dynamo
        .queryPaginator(
            b ->
                b.tableName(tables.segments())
                    .keyConditionExpression("pk = :app")
                    .expressionAttributeValues(Map.of(":app", s(appId))))
        .items()
        .forEach(item -> all.add(fromItem(item)));
    return all;
  }

  @Override
  public List<Segment> pendingWork() {
    List<Segment> pending = new ArrayList<>();
    dynamo
        .queryPaginator(
            b ->
                b.tableName(tables.segments())
                    .keyConditionExpression("pk = :p")
                    .expressionAttributeValues(Map.of(":p", s(PENDING))))
        .items()
        .forEach(
            marker -> {
              String[] appAndId = marker.get(Keys.SK).s().split("#", 2);
              find(appAndId[0], appAndId[1])
                  .filter(seg -> seg.status() != SegmentStatus.LIVE)
                  .ifPresentOrElse(
                      pending::add, () -> deletePendingMarker(appAndId[0], appAndId[1]));
            });
    return pending;
  }

  @Override
  public void create(Segment segment) {
    try {
      dynamo.putItem(
          b ->
              b.tableName(tables.segments())
                  .item(toItem(segment))
                  .conditionExpression("attribute_not_exists(pk)"));
    } catch (ConditionalCheckFailedException e) {
      throw new ConcurrentUpdateException("segment " + segment.id() + " exists");
    }
    markPending(segment);
  }

  /**
   * Replaces the stored version. Finishing a build (to live) is allowed only from building, and
   * nothing replaces a segment being deleted, so a late build never revives a deleted segment.
   */
  @Override
  public void replace(Segment segment, long expectedVersion) {
    boolean finishingBuild = segment.status() == SegmentStatus.LIVE;
    try {
      dynamo.putItem(
          b ->
              b.tableName(tables.segments())
                  .item(toItem(segment))
                  .conditionExpression(
                      finishingBuild ? "v = :v AND #s = :required" : "v = :v AND #s <> :forbidden")
                  .expressionAttributeNames(Map.of("#s", "status"))
                  .expressionAttributeValues(
                      Map.of(
                          ":v",
                          n(expectedVersion),
                          finishingBuild ? ":required" : ":forbidden",
                          s(
                              finishingBuild
                                  ? SegmentStatus.BUILDING.wireName()
                                  : SegmentStatus.DELETING.wireName()))));
    } catch (ConditionalCheckFailedException e) {
      throw new ConcurrentUpdateException("segment " + segment.id() + " changed");
    }
    if (finishingBuild) {
      deletePendingMarker(segment.appId(), segment.id());
    } else {
      markPending(segment);
    }
  }

  @Override
  public String progress(Segment segment) {
    Map<String, AttributeValue> item =
        dynamo
            .getItem(
                b -> b.tableName(tables.segments()).key(pendingKey(segment)).consistentRead(true))
            .item();
    if (item == null
        || !item.containsKey("cursor")
        || !item.containsKey("v")
        || Long.parseLong(item.get("v").n()) != segment.version()) {
      return null;
    }
    return item.get("cursor").s();
  }

  @Override
  public void saveProgress(Segment segment, String cursor) {
    Map<String, AttributeValue> item = new java.util.HashMap<>(pendingKey(segment));
    item.put("cursor", s(cursor));
    item.put("v", n(segment.version()));
    dynamo.putItem(b -> b.tableName(tables.segments()).item(item));
  }

  @Override
  public void remove(Segment segment) {
    // Its members have exited by now; what may be left are counters written before sizes were
    // counted from member items, unsharded and sharded.
    List<Map<String, AttributeValue>> counters = new ArrayList<>();
    for (int shard = 0; shard < Keys.COUNTER_SHARDS; shard++) {
      counters.add(
          Map.of(
              Keys.PK,
              s(Keys.segmentPartition(segment.appId(), segment.id())),
              Keys.SK,
              s(Keys.counterShard(shard))));
    }
    for (int shard = 0; shard < Keys.MEMBER_SHARDS; shard++) {
      counters.add(
          Map.of(
              Keys.PK,
              s(Keys.memberShardPartition(segment.appId(), segment.id(), shard)),
              Keys.SK,
              s(Keys.SHARD_COUNTER)));
    }
    List<WriteRequest> deletes = new ArrayList<>();
    for (Map<String, AttributeValue> key : counters) {
      deletes.add(WriteRequest.builder().deleteRequest(d -> d.key(key)).build());
    }
    BatchWrites.write(dynamo, tables.memberships(), deletes);
    dynamo.deleteItem(
        b ->
            b.tableName(tables.segments())
                .key(Map.of(Keys.PK, s(segment.appId()), Keys.SK, s(segment.id()))));
    deletePendingMarker(segment.appId(), segment.id());
  }

  private void markPending(Segment segment) {
    if (segment.status() != SegmentStatus.LIVE) {
      Map<String, AttributeValue> item = new java.util.HashMap<>(pendingKey(segment));
      item.put("v", n(segment.version()));
      dynamo.putItem(b -> b.tableName(tables.segments()).item(item));
    }
  }

  /** The marker of a segment with a build or clean-up to do, where its progress is kept. */
  private static Map<String, AttributeValue> pendingKey(Segment segment) {
    return pendingKey(segment.appId(), segment.id());
  }

  private static Map<String, AttributeValue> pendingKey(String appId, String segmentId) {
    return Map.of(Keys.PK, s(PENDING), Keys.SK, s(appId + "#" + segmentId));
  }

  private void deletePendingMarker(String appId, String segmentId) {
    dynamo.deleteItem(b -> b.tableName(tables.segments()).key(pendingKey(appId, segmentId)));
  }

  static Map<String, AttributeValue> toItem(Segment segment) {
    Map<String, AttributeValue> item = new HashMap<>();
    item.put(Keys.PK, s(segment.appId()));
    item.put(Keys.SK, s(segment.id()));
    item.put("name", s(segment.name()));
    if (segment.description() != null) {
      item.put("description", s(segment.description()));
    }
    item.put("definition", s(segment.definition().toString()));
    item.put("status", s(segment.status().wireName()));
    item.put("v", n(segment.version()));
    item.put("createdAt", s(segment.createdAt().toString()));
    item.put("updatedAt", s(segment.updatedAt().toString()));
    return item;
  }

  static Segment fromItem(Map<String, AttributeValue> item) {
    JsonNode definition;
    try {
      definition = Json.mapper().readTree(item.get("definition").s());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return new Segment(
        item.get(Keys.PK).s(),
        item.get(Keys.SK).s(),
        item.get("name").s(),
        item.containsKey("description") ? item.get("description").s() : null,
        definition,
        Segment.parse(definition),
        SegmentStatus.fromWire(item.get("status").s()),
        Long.parseLong(item.get("v").n()),
        Instant.parse(item.get("createdAt").s()),
        Instant.parse(item.get("updatedAt").s()));
  }
}
