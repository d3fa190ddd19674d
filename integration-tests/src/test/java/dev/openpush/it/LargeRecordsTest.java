package dev.openpush.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Records up to the 256 KiB the contract allows flow through the local stack's Kinesis poller like
 * any other, and later records on the same shard are not held up behind them (kinesis-local's CBOR
 * answers for records over about 6 KB once stalled the shard for good).
 */
class LargeRecordsTest {
  private static StackFixture f;

  @BeforeAll
  static void start() {
    f = new StackFixture();
  }

  @AfterAll
  static void stop() {
    f.close();
  }

  @ParameterizedTest(name = "{0} KB")
  @ValueSource(ints = {7, 100, 250})
  void largeRecordsAreIngestedAndTheShardMovesOn(int kilobytes) {
    String user = "big-" + kilobytes;
    String padding = "x".repeat(kilobytes * 1024 - 400);
    f.putAndAwait(
        List.of(
            f.track(
                user,
                "Product Viewed",
                f.clock.now().minus(Duration.ofMinutes(2)),
                "{'note':'" + padding + "'}"),
            f.track(
                user,
                "Order Completed",
                f.clock.now().minus(Duration.ofMinutes(1)),
                "{'revenue':5}")));

    var export = f.call("GET", "/v1/apps/" + f.app + "/users/" + user + "/export", null);
    assertThat(export.status()).isEqualTo(200);
    assertThat(export.body().get("events")).hasSize(2);
    assertThat(export.body().at("/events/0/properties/note").asText()).hasSize(padding.length());
  }

  /**
   * 200 events of 4 KB for one user do not fit in one DynamoDB item: the oldest history is pruned
   * (counted), every record is processed, and a later small event is not lost.
   */
  @Test
  void aUserWhoseHistoryOutgrowsOneItemLosesNoLaterEvent() {
    java.util.Random random = new java.util.Random(11);
    List<String> events = new java.util.ArrayList<>();
    for (int i = 0; i < 200; i++) {
      StringBuilder noise = new StringBuilder();
      for (int c = 0; c < 4096; c++) {
        noise.append(Character.forDigit(random.nextInt(16), 16));
      }
      events.add(
          f.track(
              "heavy",
              "Product Viewed",
              f.clock.now().minus(Duration.ofMinutes(300 - i)),
              "{'note':'" + noise + "'}"));
    }
    f.putAndAwait(events);
    f.putAndAwait(List.of(f.track("heavy", "Order Completed", f.clock.now(), "{'revenue':7}")));

    var export = f.call("GET", "/v1/apps/" + f.app + "/users/heavy/export", null);
    assertThat(export.status()).isEqualTo(200);
    List<String> names = new java.util.ArrayList<>();
    export.body().get("events").forEach(e -> names.add(e.get("event").asText()));
    assertThat(names).contains("Order Completed");
    assertThat(names).hasSizeBetween(20, 200);
    assertThat(f.stack.recordsDelivered()).isLessThan(260);
  }
}
