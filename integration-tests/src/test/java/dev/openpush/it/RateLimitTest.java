package dev.openpush.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.openpush.aws.dynamodb.DynamoDbRateLimiter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * A send rate shared by several senders at once, on DynamoDB Local: four senders, each with its own
 * limiter (as four Lambda instances), send as fast as permits come; in no wall-clock second do they
 * together exceed the limit by more than 10 %.
 */
class RateLimitTest {
  private static final int LIMIT = 40;
  private static final int SENDERS = 4;
  private static final int MESSAGES_EACH = 50;

  @Test
  void concurrentSendersStayUnderTheLimitInEverySecond() throws Exception {
    StoreTables t = StoreTables.create("rate");
    ConcurrentLinkedQueue<Long> sentAt = new ConcurrentLinkedQueue<>();
    ExecutorService pool = Executors.newFixedThreadPool(SENDERS);
    List<Future<?>> senders = new ArrayList<>();
    for (int s = 0; s < SENDERS; s++) {
      DynamoDbRateLimiter limiter = new DynamoDbRateLimiter(t.dynamo(), t.tables());
      senders.add(
          pool.submit(
              () -> {
                for (int m = 0; m < MESSAGES_EACH; m++) {
                  limiter.acquire("campaign#shop#sale", LIMIT, 1);
                  sentAt.add(System.currentTimeMillis() / 1000);
                }
              }));
    }
    for (Future<?> sender : senders) {
      sender.get();
    }
    pool.shutdown();

    Map<Long, Integer> perSecond = new TreeMap<>();
    sentAt.forEach(second -> perSecond.merge(second, 1, Integer::sum));
    assertThat(sentAt).hasSize(SENDERS * MESSAGES_EACH);
    assertThat(perSecond.values())
        .allSatisfy(n -> assertThat(n).isLessThanOrEqualTo(LIMIT * 11 / 10));
    // 200 messages at 40 a second cannot all go within four seconds.
    assertThat(perSecond).hasSizeGreaterThanOrEqualTo(5);
  }

  @Test
  void noLimitTakesNoPermits() {
    StoreTables t = StoreTables.create("rate");
    DynamoDbRateLimiter limiter = new DynamoDbRateLimiter(t.dynamo(), t.tables());

    for (int m = 0; m < 100; m++) {
      limiter.acquire("app#shop", 0, 1);
    }

    var counters =
        t.dynamo()
            .query(
                b ->
                    b.tableName(t.tables().campaigns())
                        .keyConditionExpression("pk = :pk")
                        .expressionAttributeValues(
                            Map.of(
                                ":pk",
                                software.amazon.awssdk.services.dynamodb.model.AttributeValue.fromS(
                                    "rate#app#shop"))));
    assertThat(counters.items()).isEmpty();
  }
}
