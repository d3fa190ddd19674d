package dev.openpush.aws.dynamodb;

import static dev.openpush.aws.dynamodb.Attr.n;
import static dev.openpush.aws.dynamodb.Attr.s;

import dev.openpush.domain.segment.MembershipChange;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.CancellationReason;
import software.amazon.awssdk.services.dynamodb.model.Delete;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;
import software.amazon.awssdk.services.dynamodb.model.Update;

/**
 * The membership actions of one commit: member items put or deleted in their segment's shard
 * partition ({@link Keys#memberPartition}), and the app's user counter when people come or go. A
 * segment's size is a count of its member items ({@link DynamoDbDirectory#size}), so a membership
 * change writes its member item and nothing else.
 *
 * <p>Members of segments stored before the shards existed sit in the segment's unsharded partition
 * until they exit. An exit therefore deletes the sharded item on condition that it exists; when
 * DynamoDB cancels the transaction on that condition alone, the exit is moved to the unsharded
 * partition and the transaction is sent again, and when that item is missing too there is nothing
 * to exit.
 */
final class MemberItems {
  private enum Placement {
    SHARDED,
    LEGACY,
    ABSENT
  }

  /** A transaction's actions and, by index, the exits whose item may sit elsewhere. */
  record Actions(List<TransactWriteItem> items, Map<Integer, MembershipChange> exits) {
    Actions() {
      this(new ArrayList<>(), new HashMap<>());
    }
  }

  private final String table;
  private final Map<MembershipChange, Placement> placements = new IdentityHashMap<>();

  MemberItems(String table) {
    this.table = table;
  }

  /** Adds the member items of {@code changes}, and the app's user count. */
  void add(
      String appId,
      List<MembershipChange> changes,
      Actions actions,
      int userDelta,
      String userForCounter) {
    for (MembershipChange change : changes) {
      String user = change.userId();
      String segment = change.segmentId();
      if (change.kind() == MembershipChange.Kind.ENTERED) {
        String partition = Keys.memberPartition(appId, segment, user);
        Map<String, AttributeValue> item = new HashMap<>(memberKey(partition, user));
        item.put("enteredAt", n(change.at().toEpochMilli()));
        actions
            .items()
            .add(
                TransactWriteItem.builder()
                    .put(Put.builder().tableName(table).item(item).build())
                    .build());
        continue;
      }
      Placement placement = placements.getOrDefault(change, Placement.SHARDED);
      if (placement == Placement.ABSENT) {
        continue;
      }
      String partition =
          placement == Placement.SHARDED
              ? Keys.memberPartition(appId, segment, user)
              : Keys.segmentPartition(appId, segment);
      actions.exits().put(actions.items().size(), change);
      actions
          .items()
          .add(
              TransactWriteItem.builder()
                  .delete(
                      Delete.builder()
                          .tableName(table)
                          .key(memberKey(partition, user))
                          .conditionExpression("attribute_exists(sk)")
                          .build())
                  .build());
    }
    if (userDelta != 0) {
      String partition = Keys.segmentPartition(appId, Keys.ALL_USERS);
      actions
          .items()
          .add(
              TransactWriteItem.builder()
                  .update(
                      Update.builder()
                          .tableName(table)
                          .key(
                              Map.of(
                                  Keys.PK, s(partition), Keys.SK, s(Keys.counter(userForCounter))))
                          .updateExpression("ADD #n :d")
                          .expressionAttributeNames(Map.of("#n", "count"))
                          .expressionAttributeValues(Map.of(":d", n(userDelta)))
                          .build())
                  .build());
    }
  }

  /**
   * Whether a cancelled transaction failed only on exits whose item was not where it was looked
   * for; if so, those exits look in the next place when the actions are built again.
   */
  boolean relocate(TransactionCanceledException e, Actions sent) {
    List<CancellationReason> reasons = e.cancellationReasons();
    List<MembershipChange> misplaced = new ArrayList<>();
    for (int i = 0; i < reasons.size(); i++) {
      String code = reasons.get(i).code();
      if (code == null || "None".equals(code)) {
        continue;
      }
      MembershipChange exit = sent.exits().get(i);
      if (exit == null || !"ConditionalCheckFailed".equals(code)) {
        return false;
      }
      misplaced.add(exit);
    }
    if (misplaced.isEmpty()) {
      return false;
    }
    for (MembershipChange exit : misplaced) {
      placements.put(
          exit,
          placements.getOrDefault(exit, Placement.SHARDED) == Placement.SHARDED
              ? Placement.LEGACY
              : Placement.ABSENT);
    }
    return true;
  }

  private static Map<String, AttributeValue> memberKey(String partition, String user) {
    return Map.of(Keys.PK, s(partition), Keys.SK, s(Keys.member(user)));
  }
}
