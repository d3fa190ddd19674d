package dev.openpush.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;

/**
 * Erasure through the API on DynamoDB Local and moto: a 204 means everything held on the user is
 * gone, however many ids were merged into them, dead letters included.
 */
class ErasureTest {
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
  void aUserWithOneHundredAndTwentyMergedIdsIsErasedWithTheirDeadLetters() {
    f.defineSegment("openers", "{'event':'Application Opened'}");
    List<String> events = new ArrayList<>();
    for (int i = 0; i < 120; i++) {
      events.add(
          "{'type':'track','appId':'"
              + f.app
              + "','event':'Application Opened','messageId':'e-"
              + i
              + "','anonymousId':'anon-"
              + i
              + "','userId':'eve','timestamp':'"
              + f.clock.now().minus(Duration.ofMinutes(5))
              + "'}");
    }
    f.put(events);
    putMalformed("eve", "not json from eve");
    putMalformed("anon-3", "not json from anon-3");
    putMalformed("zed", "not json from someone else");
    f.putAndAwait(List.of(f.track("zed", "Application Opened", f.clock.now(), "{}")));
    assertThat(f.members("openers")).containsExactlyInAnyOrder("eve", "zed");
    assertThat(deadLetters()).hasSize(3);

    var erased = f.call("DELETE", "/v1/apps/" + f.app + "/users/anon-42", null);

    assertThat(erased.status()).isEqualTo(204);
    for (String id : List.of("eve", "anon-0", "anon-42", "anon-119")) {
      assertThat(f.call("GET", "/v1/apps/" + f.app + "/users/" + id, null).status())
          .as(id)
          .isEqualTo(404);
    }
    assertThat(f.call("GET", "/v1/apps/" + f.app + "/users/eve/export", null).status())
        .isEqualTo(404);
    assertThat(f.members("openers")).containsExactly("zed");
    assertThat(f.size("openers")).isEqualTo(1);
    assertThat(deadLetters()).containsExactly("not json from someone else");
    assertThat(f.call("DELETE", "/v1/apps/" + f.app + "/users/eve", null).status()).isEqualTo(204);
  }

  @Test
  void aUserWhoseOlderEventsLeftTheItemIsExportedWholeAndErasedChunksAndAll() {
    f.defineSegment("recent-openers", "{'event':'Application Opened','within':'P7D'}");
    List<String> events = new ArrayList<>();
    for (int day = 50; day >= 1; day--) {
      events.add(f.track("ada", "Search", f.clock.now().minus(Duration.ofDays(day)), "{}"));
    }
    events.add(f.track("ada", "Application Opened", f.clock.now(), "{}"));
    f.putAndAwait(events);
    // No segment reads searches: 49 of them left the item for a chunk.
    assertThat(chunks("ada")).isNotEmpty();

    var export = f.call("GET", "/v1/apps/" + f.app + "/users/ada/export", null);
    assertThat(export.status()).isEqualTo(200);
    assertThat(export.body().get("events")).hasSize(51);

    assertThat(f.call("DELETE", "/v1/apps/" + f.app + "/users/ada", null).status()).isEqualTo(204);
    assertThat(chunks("ada")).isEmpty();
  }

  private List<?> chunks(String user) {
    return f.stack
        .clients
        .dynamo()
        .query(
            q ->
                q.tableName(f.stack.names.get("HistoryTable"))
                    .keyConditionExpression("pk = :pk")
                    .expressionAttributeValues(
                        java.util.Map.of(
                            ":pk",
                            software.amazon.awssdk.services.dynamodb.model.AttributeValue.fromS(
                                f.app + "#" + user))))
        .items();
  }

  private void putMalformed(String partitionKey, String data) {
    f.stack
        .clients
        .kinesis()
        .putRecord(
            b ->
                b.streamName(f.stack.names.get("EventsStream"))
                    .partitionKey(partitionKey)
                    .data(SdkBytes.fromString(data, StandardCharsets.UTF_8)));
  }

  /** The raw data of every dead letter in the bucket. */
  private List<String> deadLetters() {
    String bucket = f.stack.names.get("DeadLetterBucket");
    var s3 = f.stack.clients.s3();
    List<String> data = new ArrayList<>();
    for (var object : s3.listObjectsV2(b -> b.bucket(bucket).prefix("ingest/")).contents()) {
      String body = s3.getObjectAsBytes(b -> b.bucket(bucket).key(object.key())).asUtf8String();
      try {
        data.add(dev.openpush.domain.json.Json.mapper().readTree(body).get("data").asText());
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    }
    return data;
  }
}
