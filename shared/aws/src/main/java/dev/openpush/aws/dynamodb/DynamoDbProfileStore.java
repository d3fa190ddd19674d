package dev.openpush.aws.dynamodb;

import static dev.openpush.aws.dynamodb.Attr.b;
import static dev.openpush.aws.dynamodb.Attr.n;
import static dev.openpush.aws.dynamodb.Attr.s;

import dev.openpush.domain.ports.ConcurrentUpdateException;
import dev.openpush.domain.ports.ProfileCommit;
import dev.openpush.domain.ports.ProfileStore;
import dev.openpush.domain.ports.ProfileTooLargeException;
import dev.openpush.domain.profile.Memberships;
import dev.openpush.domain.profile.MembershipsCodec;
import dev.openpush.domain.profile.Profile;
import dev.openpush.domain.profile.ProfileCodec;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.CancellationReason;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;
import software.amazon.awssdk.services.dynamodb.model.Update;

/**
 * Profiles in one item each (body compressed; older history in chunks, {@link HistoryChunks}; the
 * memberships in a compact attribute {@code m}). Every profile write is conditional on the version
 * read. A commit of one profile is a single conditional put, whatever memberships it moves: the
 * member items follow from the table's stream ({@link DynamoDbMemberIndex}). Commits of several
 * profiles, or that move the app's user counter, are one transaction.
 */
public final class DynamoDbProfileStore implements ProfileStore {
  private final DynamoDbClient dynamo;
  private final Tables tables;
  private final HistoryChunks chunks;

  public DynamoDbProfileStore(DynamoDbClient dynamo, Tables tables) {
    this.dynamo = dynamo;
    this.tables = tables;
    this.chunks = new HistoryChunks(dynamo, tables.history());
  }

  @Override
  public void restoreHistory(Profile profile) {
    chunks.restore(profile);
  }

  @Override
  public void purgeHistory(String appId, Collection<String> userIds) {
    userIds.forEach(id -> chunks.purge(appId, id));
  }

  @Override
  public Map<String, Profile> load(String appId, Collection<String> userIds) {
    List<Map<String, AttributeValue>> keys = new ArrayList<>();
    for (String id : new java.util.LinkedHashSet<>(userIds)) {
      keys.add(Map.of(Keys.PK, s(Keys.profile(appId, id))));
    }
    Map<String, Profile> found = new HashMap<>();
    for (Map<String, AttributeValue> item : BatchReads.get(dynamo, tables.profiles(), keys)) {
      Profile profile = fromItem(appId, item);
      found.put(profile.userId(), profile);
    }
    return found;
  }

  static Profile fromItem(String appId, Map<String, AttributeValue> item) {
    Profile profile = new Profile(appId, item.get("uid").s());
    if (item.containsKey("body")) {
      ProfileCodec.decode(item.get("body").b().asByteArray(), profile);
    }
    profile.setVersion(Long.parseLong(item.get("v").n()));
    profile.setMemberships(readMemberships(item));
    if (item.containsKey(Keys.EXPIRES_AT)) {
      profile.setExpiresAt(Instant.ofEpochSecond(Long.parseLong(item.get(Keys.EXPIRES_AT).n())));
    }
    if (item.containsKey("wakeAt")) {
      profile.setNextWake(Instant.ofEpochMilli(Long.parseLong(item.get("wakeAt").n())));
    }
    return profile;
  }

  /** The memberships stored on a profile item: segment id to entry time. */
  public static Memberships readMemberships(Map<String, AttributeValue> item) {
    if (item.containsKey("m")) {
      return MembershipsCodec.decode(item.get("m").b().asByteArray());
    }
    Memberships memberships = new Memberships();
    if (item.containsKey("segs")) {
      // Written before the compact form: a map of segment id to entry time.
      item.get("segs")
          .m()
          .forEach((id, at) -> memberships.enter(id, Instant.ofEpochMilli(Long.parseLong(at.n()))));
    }
    return memberships;
  }

  @Override
  public void commit(ProfileCommit commit) {
    commit.writes().forEach(w -> chunks.writeNew(w.profile()));
    writeItems(commit);
    commit.writes().forEach(w -> chunks.deleteReplaced(w.profile()));
  }

  private void writeItems(ProfileCommit commit) {
    if (commit.writes().size() == 1 && commit.userCountDelta() == 0) {
      putAlone(commit.writes().get(0).profile());
      return;
    }
    // Merges and erasures write several profiles, and new or gone people move the app's user
    // counter: all of it or none.
    List<TransactWriteItem> actions = new ArrayList<>();
    for (ProfileCommit.Write write : commit.writes()) {
      actions.add(putProfile(write.profile(), write.profile().version()));
    }
    if (commit.userCountDelta() != 0) {
      actions.add(
          userCounter(
              commit.appId(), commit.writes().get(0).profile().userId(), commit.userCountDelta()));
    }
    try {
      dynamo.transactWriteItems(b -> b.transactItems(actions));
    } catch (TransactionCanceledException e) {
      throw refused(e);
    }
    commit.writes().forEach(w -> w.profile().setVersion(w.profile().version() + 1));
  }

  /** The app's user count, for preview estimates: counters sharded by user, summed when read. */
  private TransactWriteItem userCounter(String appId, String userId, int delta) {
    return TransactWriteItem.builder()
        .update(
            Update.builder()
                .tableName(tables.memberships())
                .key(
                    Map.of(
                        Keys.PK,
                        s(Keys.segmentPartition(appId, Keys.ALL_USERS)),
                        Keys.SK,
                        s(Keys.counter(userId))))
                .updateExpression("ADD #n :d")
                .expressionAttributeNames(Map.of("#n", "count"))
                .expressionAttributeValues(Map.of(":d", n(delta)))
                .build())
        .build();
  }

  /**
   * A commit that writes one profile and nothing else needs no transaction: the put's version
   * condition gives the same guarantee, and a transaction would bill every KB twice.
   */
  private void putAlone(Profile profile) {
    long version = profile.version();
    Put put = putProfile(profile, version).put();
    try {
      dynamo.putItem(
          b -> {
            b.tableName(put.tableName())
                .item(put.item())
                .conditionExpression(put.conditionExpression());
            if (put.hasExpressionAttributeValues()) {
              b.expressionAttributeValues(put.expressionAttributeValues());
            }
          });
    } catch (ConditionalCheckFailedException e) {
      throw new ConcurrentUpdateException("profile changed since it was read");
    }
    profile.setVersion(version + 1);
  }

  private TransactWriteItem putProfile(Profile p, long expectedVersion) {
    Map<String, AttributeValue> item = new HashMap<>();
    item.put(Keys.PK, s(Keys.profile(p.appId(), p.userId())));
    item.put("app", s(p.appId()));
    item.put("uid", s(p.userId()));
    item.put("v", n(expectedVersion + 1));
    item.put("m", b(MembershipsCodec.encode(p.memberships())));
    if (p.expiresAt() != null) {
      // DynamoDB's TTL attribute: epoch seconds.
      item.put(Keys.EXPIRES_AT, n(p.expiresAt().getEpochSecond()));
    }
    if (p.nextWake() != null) {
      item.put("wakeAt", n(p.nextWake().toEpochMilli()));
      item.put("wakeHour", s(Keys.wakePartition(p.appId(), p.userId(), p.nextWake())));
    }
    // The body's format, beside it for anyone reading items (the body's first byte says it too);
    // every format is one digit, so the item is measured with it before the body is chosen.
    item.put("f", n(ProfileCodec.FORMAT));
    byte[] body = ProfileCodec.encode(p, ItemSize.of(item) + "body".length());
    if (body.length > ProfileCodec.MAX_STORED_BYTES) {
      throw new ProfileTooLargeException(p.appId(), body.length, ProfileCodec.MAX_STORED_BYTES);
    }
    item.put("body", b(body));
    item.put("f", n(ProfileCodec.formatOf(body)));
    Put.Builder put = Put.builder().tableName(tables.profiles()).item(item);
    if (expectedVersion == 0) {
      put.conditionExpression("attribute_not_exists(pk)");
    } else {
      put.conditionExpression("v = :v").expressionAttributeValues(Map.of(":v", n(expectedVersion)));
    }
    return TransactWriteItem.builder().put(put.build()).build();
  }

  private static RuntimeException refused(TransactionCanceledException e) {
    boolean contended =
        e.cancellationReasons().stream()
            .map(CancellationReason::code)
            .anyMatch(
                code ->
                    "ConditionalCheckFailed".equals(code) || "TransactionConflict".equals(code));
    if (contended) {
      return new ConcurrentUpdateException("profile changed since it was read");
    }
    return e;
  }
}
