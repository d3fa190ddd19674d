package dev.openpush.aws.dynamodb;

import static dev.openpush.aws.dynamodb.Attr.b;
import static dev.openpush.aws.dynamodb.Attr.n;
import static dev.openpush.aws.dynamodb.Attr.s;

import dev.openpush.domain.ports.ConcurrentUpdateException;
import dev.openpush.domain.profile.ArchivedHistory;
import dev.openpush.domain.profile.History;
import dev.openpush.domain.profile.Profile;
import dev.openpush.domain.profile.ProfileCodec;
import dev.openpush.domain.profile.StoredEvent;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * A user's history chunks in the history table: partition key the profile's, sort key the chunk's
 * content name ({@link ArchivedHistory.Chunk#key}). Chunks are written once and never updated; each
 * expires with its newest event's retention (DynamoDB's TTL), so one written by a writer that lost
 * the race for the item, and listed nowhere, goes by itself.
 */
final class HistoryChunks {
  private static final Logger LOG = Logger.getLogger(HistoryChunks.class.getName());
  private final DynamoDbClient dynamo;
  private final String table;

  HistoryChunks(DynamoDbClient dynamo, String table) {
    this.dynamo = dynamo;
    this.table = table;
  }

  /** Stores the chunks the profile made since it was read: before the item that lists them. */
  void writeNew(Profile p) {
    List<WriteRequest> puts = new ArrayList<>();
    for (ArchivedHistory.PendingChunk pending : p.archive().toWrite()) {
      Map<String, AttributeValue> item = new HashMap<>();
      item.put(Keys.PK, s(Keys.profile(p.appId(), p.userId())));
      item.put(Keys.SK, s(pending.chunk().key()));
      item.put("body", b(pending.body()));
      item.put("events", n(pending.chunk().events()));
      item.put(
          Keys.EXPIRES_AT, n(pending.chunk().newest().plus(History.RETENTION).getEpochSecond()));
      puts.add(WriteRequest.builder().putRequest(r -> r.item(item)).build());
    }
    BatchWrites.write(dynamo, table, puts);
  }

  /**
   * Deletes the chunks the stored profile no longer lists. The profile is stored already, so a
   * failure here is logged, not thrown: failing would have the batch redelivered for a write that
   * is done, and a chunk listed nowhere is never read; it expires by TTL, and erasure purges it.
   */
  void deleteReplaced(Profile p) {
    List<WriteRequest> deletes = new ArrayList<>();
    for (ArchivedHistory.Chunk gone : p.archive().toDelete()) {
      deletes.add(delete(Keys.profile(p.appId(), p.userId()), gone.key()));
    }
    p.archive().stored();
    try {
      BatchWrites.write(dynamo, table, deletes);
    } catch (RuntimeException e) {
      LOG.log(
          Level.WARNING,
          "{0} replaced history chunks of a user of app {1} were left to expire: {2}",
          new Object[] {deletes.size(), p.appId(), e.toString()});
    }
  }

  /** Reads every chunk the profile lists back into its history. */
  void restore(Profile p) {
    List<ArchivedHistory.Chunk> listed = p.archive().chunks();
    if (listed.isEmpty()) {
      return;
    }
    String pk = Keys.profile(p.appId(), p.userId());
    List<Map<String, AttributeValue>> keys = new ArrayList<>();
    for (ArchivedHistory.Chunk chunk : listed) {
      keys.add(Map.of(Keys.PK, s(pk), Keys.SK, s(chunk.key())));
    }
    List<Map<String, AttributeValue>> found = BatchReads.get(dynamo, table, keys);
    if (found.size() < listed.size()) {
      // Another writer restored and replaced them after this profile was read.
      throw new ConcurrentUpdateException("history chunks replaced since the profile was read");
    }
    List<StoredEvent> events = new ArrayList<>();
    for (Map<String, AttributeValue> item : found) {
      events.addAll(ProfileCodec.decodeChunk(item.get("body").b().asByteArray()));
    }
    p.archive().restore(p.history(), events);
  }

  /** Deletes every chunk under the user, listed or not. */
  void purge(String appId, String userId) {
    String pk = Keys.profile(appId, userId);
    Map<String, AttributeValue> start = null;
    do {
      final Map<String, AttributeValue> from = start;
      QueryResponse page =
          dynamo.query(
              q -> {
                q.tableName(table)
                    .keyConditionExpression("pk = :pk")
                    .expressionAttributeValues(Map.of(":pk", s(pk)))
                    .projectionExpression("pk, sk")
                    .consistentRead(true);
                if (from != null) {
                  q.exclusiveStartKey(from);
                }
              });
      List<WriteRequest> deletes = new ArrayList<>();
      page.items().forEach(item -> deletes.add(delete(pk, item.get(Keys.SK).s())));
      BatchWrites.write(dynamo, table, deletes);
      start =
          page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty()
              ? page.lastEvaluatedKey()
              : null;
    } while (start != null);
  }

  private static WriteRequest delete(String pk, String sk) {
    return WriteRequest.builder()
        .deleteRequest(r -> r.key(Map.of(Keys.PK, s(pk), Keys.SK, s(sk))))
        .build();
  }
}
