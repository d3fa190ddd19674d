package dev.openpush.aws.dynamodb;

import static dev.openpush.aws.dynamodb.Attr.b;
import static dev.openpush.aws.dynamodb.Attr.n;
import static dev.openpush.aws.dynamodb.Attr.s;

import dev.openpush.domain.ports.ConcurrentUpdateException;
import dev.openpush.domain.ports.ProfileCommit;
import dev.openpush.domain.ports.ProfileStore;
import dev.openpush.domain.ports.ProfileTooLargeException;
import dev.openpush.domain.profile.MembershipsCodec;
import dev.openpush.domain.profile.Profile;
import dev.openpush.domain.profile.ProfileCodec;
import dev.openpush.domain.segment.MembershipChange;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.CancellationReason;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;
import software.amazon.awssdk.services.dynamodb.model.Update;

/**
 * Profiles in one item each (body compressed; older history in chunks, {@link HistoryChunks}),
 * memberships as items of their segment's shard partitions with a counter in each ({@link
 * MemberItems}). Every profile write is conditional on the version read. A commit that moves
 * memberships or counters is one transaction, so counts stay exact under retries and concurrent
 * writers; one that only rewrites a profile is a single conditional put.
 */
public final class DynamoDbProfileStore implements ProfileStore {
  /** DynamoDB's limit on actions in one transaction. */
  static final int MAX_ACTIONS = 100;

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
    if (item.containsKey("m")) {
      MembershipsCodec.decode(item.get("m").b().asByteArray(), profile.memberships());
    } else if (item.containsKey("segs")) {
      // Written before the compact form: a map of segment id to entry time.
      item.get("segs")
          .m()
          .forEach(
              (id, at) ->
                  profile.memberships().put(id, Instant.ofEpochMilli(Long.parseLong(at.n()))));
    }
    if (item.containsKey(Keys.EXPIRES_AT)) {
      profile.setExpiresAt(Instant.ofEpochSecond(Long.parseLong(item.get(Keys.EXPIRES_AT).n())));
    }
    if (item.containsKey("wakeAt")) {
      profile.setNextWake(Instant.ofEpochMilli(Long.parseLong(item.get("wakeAt").n())));
    }
    return profile;
  }

  @Override
  public void commit(ProfileCommit commit) {
    commit.writes().forEach(w -> chunks.writeNew(w.profile()));
    writeItems(commit);
    commit.writes().forEach(w -> chunks.deleteReplaced(w.profile()));
  }

  private void writeItems(ProfileCommit commit) {
    if (commit.writes().size() == 1
        && commit.writes().get(0).changes().isEmpty()
        && commit.userCountDelta() == 0) {
      putAlone(commit.writes().get(0).profile());
      return;
    }
    int changeCount = commit.writes().stream().mapToInt(w -> w.changes().size()).sum();
    int profilesCount = commit.writes().size();
    // One action per change, one per profile, and the app's user counter.
    int perChunk = Math.max(1, MAX_ACTIONS - profilesCount - 1);
    Map<Profile, Long> versions = new LinkedHashMap<>();
    commit.writes().forEach(w -> versions.put(w.profile(), w.profile().version()));
    if (changeCount > perChunk) {
      writeMembershipChunks(commit, perChunk, versions);
    }
    List<MembershipChange> remaining = new ArrayList<>();
    if (changeCount <= perChunk) {
      commit.writes().forEach(w -> remaining.addAll(w.changes()));
    }
    MemberItems members = new MemberItems(tables.memberships());
    transact(
        members,
        () -> {
          MemberItems.Actions actions = new MemberItems.Actions();
          for (ProfileCommit.Write write : commit.writes()) {
            actions.items().add(putProfile(write.profile(), versions.get(write.profile())));
          }
          members.add(
              commit.appId(),
              remaining,
              actions,
              commit.userCountDelta(),
              commit.writes().get(0).profile().userId());
          return actions;
        });
    versions.forEach((profile, version) -> profile.setVersion(version + 1));
  }

  /**
   * Splits a commit too large for one transaction. Each chunk moves some membership items and
   * counters together with the profile's stored membership map (not its body), so that a failure
   * between chunks leaves a consistent, older profile whose events are not yet marked as seen: the
   * retry re-evaluates and finishes the job.
   */
  private void writeMembershipChunks(
      ProfileCommit commit, int perChunk, Map<Profile, Long> versions) {
    Map<Profile, Map<String, Instant>> stored = new HashMap<>();
    commit
        .writes()
        .forEach(
            w ->
                stored.put(
                    w.profile(),
                    new TreeMap<>(
                        w.membershipsAtRead() == null ? Map.of() : w.membershipsAtRead())));
    List<Map.Entry<Profile, MembershipChange>> all = new ArrayList<>();
    commit.writes().forEach(w -> w.changes().forEach(c -> all.add(Map.entry(w.profile(), c))));
    for (int from = 0; from < all.size(); from += perChunk) {
      List<Map.Entry<Profile, MembershipChange>> chunk =
          all.subList(from, Math.min(all.size(), from + perChunk));
      List<TransactWriteItem> profileUpdates = new ArrayList<>();
      List<MembershipChange> changes = new ArrayList<>();
      Map<Profile, Boolean> inChunk = new LinkedHashMap<>();
      for (Map.Entry<Profile, MembershipChange> entry : chunk) {
        MembershipChange change = entry.getValue();
        Map<String, Instant> segs = stored.get(entry.getKey());
        if (change.kind() == MembershipChange.Kind.ENTERED) {
          segs.put(change.segmentId(), change.at());
        } else {
          segs.remove(change.segmentId());
        }
        changes.add(change);
        inChunk.put(entry.getKey(), true);
      }
      for (Profile profile : inChunk.keySet()) {
        long version = versions.get(profile);
        profileUpdates.add(
            TransactWriteItem.builder()
                .update(
                    Update.builder()
                        .tableName(tables.profiles())
                        .key(Map.of(Keys.PK, s(Keys.profile(profile.appId(), profile.userId()))))
                        .updateExpression(
                            "SET m = :m, v = :next, app = :app, uid = :uid REMOVE segs")
                        .conditionExpression(version == 0 ? "attribute_not_exists(pk)" : "v = :v")
                        .expressionAttributeValues(
                            versionValues(
                                version,
                                Map.of(
                                    ":m", b(MembershipsCodec.encode(stored.get(profile))),
                                    ":next", n(version + 1),
                                    ":app", s(profile.appId()),
                                    ":uid", s(profile.userId()))))
                        .build())
                .build());
        versions.put(profile, version + 1);
      }
      MemberItems members = new MemberItems(tables.memberships());
      transact(
          members,
          () -> {
            MemberItems.Actions actions = new MemberItems.Actions();
            actions.items().addAll(profileUpdates);
            members.add(commit.appId(), changes, actions, 0, null);
            return actions;
          });
    }
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

  private static Map<String, AttributeValue> versionValues(
      long version, Map<String, AttributeValue> values) {
    Map<String, AttributeValue> all = new HashMap<>(values);
    if (version > 0) {
      all.put(":v", n(version));
    }
    return all;
  }

  private TransactWriteItem putProfile(Profile p, long expectedVersion) {
    Map<String, AttributeValue> item = new HashMap<>();
    item.put(Keys.PK, s(Keys.profile(p.appId(), p.userId())));
    item.put("app", s(p.appId()));
    item.put("uid", s(p.userId()));
    item.put("v", n(expectedVersion + 1));
    byte[] body = ProfileCodec.encode(p);
    if (body.length > ProfileCodec.MAX_STORED_BYTES) {
      throw new ProfileTooLargeException(p.appId(), body.length, ProfileCodec.MAX_STORED_BYTES);
    }
    item.put("body", b(body));
    // The body's format, beside it for anyone reading items (the body's first byte says it too).
    item.put("f", n(ProfileCodec.FORMAT));
    item.put("m", b(MembershipsCodec.encode(p.memberships())));
    if (p.expiresAt() != null) {
      // DynamoDB's TTL attribute: epoch seconds.
      item.put(Keys.EXPIRES_AT, n(p.expiresAt().getEpochSecond()));
    }
    if (p.nextWake() != null) {
      item.put("wakeAt", n(p.nextWake().toEpochMilli()));
      item.put("wakeHour", s(Keys.wakePartition(p.appId(), p.userId(), p.nextWake())));
    }
    Put.Builder put = Put.builder().tableName(tables.profiles()).item(item);
    if (expectedVersion == 0) {
      put.conditionExpression("attribute_not_exists(pk)");
    } else {
      put.conditionExpression("v = :v").expressionAttributeValues(Map.of(":v", n(expectedVersion)));
    }
    return TransactWriteItem.builder().put(put.build()).build();
  }

  /**
   * Sends the actions built by {@code build}, building them again when the only failures were exits
   * looking for their member item in the wrong partition ({@link MemberItems}).
   */
  private void transact(MemberItems members, Supplier<MemberItems.Actions> build) {
    for (int round = 0; ; round++) {
      MemberItems.Actions actions = build.get();
      try {
        dynamo.transactWriteItems(b -> b.transactItems(actions.items()));
        return;
      } catch (TransactionCanceledException e) {
        // Two rounds move an exit from the shard to the unsharded partition, then to nowhere.
        if (round < 2 && members.relocate(e, actions)) {
          continue;
        }
        throw refused(e);
      }
    }
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
