package dev.openpush.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.openpush.aws.dynamodb.DynamoDbDirectory;
import dev.openpush.aws.dynamodb.DynamoDbProfileStore;
import dev.openpush.aws.dynamodb.PartitionKeys;
import dev.openpush.aws.dynamodb.Tables;
import dev.openpush.domain.ports.ProfileCommit;
import dev.openpush.domain.profile.Profile;
import dev.openpush.domain.segment.MembershipChange;
import dev.openpush.local.Emulators;
import dev.openpush.local.LocalClients;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;

/** A segment's size is a count of its member items, on DynamoDB Local. */
class SegmentSizeTest {
  private static final Instant AT = Instant.parse("2026-11-20T12:00:00Z");
  private static DynamoDbClient dynamo;
  private static Tables tables;
  private static StoreTables storeTables;

  @BeforeAll
  static void tables() {
    StoreTables created = StoreTables.create("sz");
    dynamo = created.dynamo();
    tables = created.tables();
    storeTables = created;
  }

  @Test
  void membersInEveryShardAndInTheUnshardedPartitionAreCountedOnceAndNothingElseIs() {
    String app = "size" + UUID.randomUUID().toString().substring(0, 6);
    DynamoDbProfileStore store = new DynamoDbProfileStore(dynamo, tables);
    for (int u = 0; u < 150; u++) {
      Profile p = new Profile(app, "user-" + u);
      p.memberships().enter("vip", AT);
      store.commit(
          new ProfileCommit(
              app,
              List.of(
                  new ProfileCommit.Write(
                      p,
                      List.of(
                          new MembershipChange(
                              app, "vip", p.userId(), MembershipChange.Kind.ENTERED, AT)))),
              1));
    }
    storeTables.awaitProjected();
    // A member stored before the shards, and a counter item written before sizes were counted:
    // the first is a member, the second is not.
    dynamo.putItem(
        b ->
            b.tableName(tables.memberships())
                .item(
                    Map.of(
                        "pk", AttributeValue.fromS(PartitionKeys.unshardedMembers(app, "vip")),
                        "sk", AttributeValue.fromS("u#old-timer"),
                        "enteredAt", AttributeValue.fromN("1"))));
    dynamo.putItem(
        b ->
            b.tableName(tables.memberships())
                .item(
                    Map.of(
                        "pk", AttributeValue.fromS(PartitionKeys.members(app, "vip", "user-1")),
                        "sk", AttributeValue.fromS("#count"),
                        "count", AttributeValue.fromN("999"))));

    DynamoDbDirectory directory = new DynamoDbDirectory(dynamo, tables);
    assertThat(directory.size(app, "vip")).isEqualTo(151);
    assertThat(directory.size(app, "nobody-here")).isZero();
    assertThat(directory.userCount(app)).isEqualTo(150);
  }

  @Test
  void aStoreThatStopsAnsweringMidCountFailsTheSizeInsteadOfUndercounting() {
    DynamoDbClient failingFifth =
        LocalClients.dynamoBuilder(Emulators.shared())
            .overrideConfiguration(
                c ->
                    c.addExecutionInterceptor(
                        new ExecutionInterceptor() {
                          private final java.util.concurrent.atomic.AtomicInteger queries =
                              new java.util.concurrent.atomic.AtomicInteger();

                          @Override
                          public void beforeExecution(
                              Context.BeforeExecution context, ExecutionAttributes attributes) {
                            if (context.request() instanceof QueryRequest
                                && queries.incrementAndGet() == 5) {
                              throw SdkClientException.create("injected: connection reset");
                            }
                          }
                        }))
            .build();

    assertThatThrownBy(() -> new DynamoDbDirectory(failingFifth, tables).size("any", "vip"))
        .isInstanceOf(SdkClientException.class)
        .hasMessageContaining("connection reset");
    failingFifth.close();
  }
}
