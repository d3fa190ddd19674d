package dev.openpush.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.openpush.local.Emulators;
import dev.openpush.local.LocalClients;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.Record;
import software.amazon.awssdk.services.dynamodb.model.ShardIteratorType;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;

/** Entries and exits come out of the memberships table's stream, for triggered campaigns. */
class MembershipChangeFeedTest {
  private static StackFixture f;

  @BeforeAll
  static void start() {
    f = new StackFixture();
  }

  @AfterAll
  static void stop() {
    f.close();
  }

  @Test
  void entriesAndExitsAreEmittedWithTheUserAndTheTime() {
    f.defineSegment("vip", "{'trait':'tier','op':'eq','value':'vip'}");
    f.putAndAwait(
        List.of(f.identify("lea", f.clock.now().minus(Duration.ofHours(2)), "{'tier':'vip'}")));
    f.putAndAwait(
        List.of(f.identify("lea", f.clock.now().minus(Duration.ofHours(1)), "{'tier':'basic'}")));

    List<String> feed = new ArrayList<>();
    try (DynamoDbStreamsClient streams = LocalClients.streams(Emulators.shared())) {
      String arn =
          f.stack
              .clients
              .dynamo()
              .describeTable(b -> b.tableName(f.stack.names.get("MembershipsTable")))
              .table()
              .latestStreamArn();
      for (var shard : streams.describeStream(b -> b.streamArn(arn)).streamDescription().shards()) {
        String iterator =
            streams
                .getShardIterator(
                    b ->
                        b.streamArn(arn)
                            .shardId(shard.shardId())
                            .shardIteratorType(ShardIteratorType.TRIM_HORIZON))
                .shardIterator();
        for (Record record : streams.getRecords(b -> b.shardIterator(iterator)).records()) {
          var keys = record.dynamodb().keys();
          if (keys.get("sk").s().startsWith("u#") && keys.get("pk").s().matches(".*#vip#\\d{2}")) {
            var image =
                record.eventNameAsString().equals("INSERT")
                    ? record.dynamodb().newImage()
                    : record.dynamodb().oldImage();
            feed.add(
                record.eventNameAsString()
                    + " "
                    + keys.get("sk").s()
                    + " "
                    + image.containsKey("enteredAt"));
          }
        }
      }
    }

    assertThat(feed).containsExactly("INSERT u#lea true", "REMOVE u#lea true");
  }
}
