package dev.openpush.aws.dynamodb;

import static dev.openpush.aws.dynamodb.Attr.n;
import static dev.openpush.aws.dynamodb.Attr.s;

import dev.openpush.domain.ports.MemberIndex;
import dev.openpush.domain.segment.MembershipChange;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * Member items in their segment's shard partition ({@link Keys#memberPartition}), written outside
 * any transaction: each is an absolute put or delete, one write unit a member item. Of several
 * changes to one item only the last is sent, which leaves what applying them in order would.
 *
 * <p>Members of segments stored before the shards existed sit in the segment's unsharded partition
 * until they exit, so an exit whose sharded item was not there deletes the unsharded one.
 */
public final class DynamoDbMemberIndex implements MemberIndex {
  private final DynamoDbClient dynamo;
  private final String table;

  public DynamoDbMemberIndex(DynamoDbClient dynamo, Tables tables) {
    this.dynamo = dynamo;
    this.table = tables.memberships();
  }

  @Override
  public void apply(String appId, List<MembershipChange> changes) {
    Map<String, MembershipChange> last = new LinkedHashMap<>();
    for (MembershipChange change : changes) {
      String key = change.segmentId() + "\n" + change.userId();
      last.remove(key);
      last.put(key, change);
    }
    List<WriteRequest> entries = new ArrayList<>();
    List<MembershipChange> exits = new ArrayList<>();
    for (MembershipChange change : last.values()) {
      if (change.kind() == MembershipChange.Kind.ENTERED) {
        Map<String, AttributeValue> item =
            new java.util.HashMap<>(
                memberKey(
                    Keys.memberPartition(appId, change.segmentId(), change.userId()),
                    change.userId()));
        item.put("enteredAt", n(change.at().toEpochMilli()));
        entries.add(WriteRequest.builder().putRequest(p -> p.item(item)).build());
      } else {
        exits.add(change);
      }
    }
    BatchWrites.write(dynamo, table, entries);
    for (MembershipChange exit : exits) {
      boolean notSharded =
          dynamo
              .deleteItem(
                  b ->
                      b.tableName(table)
                          .key(
                              memberKey(
                                  Keys.memberPartition(appId, exit.segmentId(), exit.userId()),
                                  exit.userId()))
                          .returnValues(ReturnValue.ALL_OLD))
              .attributes()
              .isEmpty();
      if (notSharded) {
        dynamo.deleteItem(
            b ->
                b.tableName(table)
                    .key(memberKey(Keys.segmentPartition(appId, exit.segmentId()), exit.userId())));
      }
    }
  }

  private static Map<String, AttributeValue> memberKey(String partition, String user) {
    return Map.of(Keys.PK, s(partition), Keys.SK, s(Keys.member(user)));
  }
}
