package dev.openpush.aws.dynamodb;

import static dev.openpush.aws.dynamodb.Attr.n;
import static dev.openpush.aws.dynamodb.Attr.s;

import dev.openpush.domain.delivery.RateLimiter;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

/**
 * A limit per wall-clock second shared by every sender: one counter item per scope and second in
 * the campaigns table (pk {@code rate#<scope>}, sk the epoch second, expiring after a day), raised
 * by a conditional {@code ADD} that fails past the limit. A sender takes permits in chunks (a
 * twentieth of the limit, at most 10) and spends them locally, so a message costs a tenth of a
 * write, not one; permits left when their second ends are dropped, which can only send less.
 */
public final class DynamoDbRateLimiter implements RateLimiter {
  private static final int MAX_CHUNK = 10;

  private final DynamoDbClient dynamo;
  private final String table;
  // Per scope: the second the local permits belong to, and how many are left.
  private final Map<String, long[]> reservoirs = new ConcurrentHashMap<>();

  public DynamoDbRateLimiter(DynamoDbClient dynamo, Tables tables) {
    this.dynamo = dynamo;
    this.table = tables.campaigns();
  }

  @Override
  public void acquire(String scope, int limitPerSecond, int messages) {
    if (limitPerSecond <= 0) {
      return;
    }
    for (int left = messages; left > 0; ) {
      long second = System.currentTimeMillis() / 1000;
      long[] reservoir = reservoirs.computeIfAbsent(scope, k -> new long[] {-1, 0});
      synchronized (reservoir) {
        if (reservoir[0] != second) {
          reservoir[0] = second;
          reservoir[1] = 0;
        }
        if (reservoir[1] > 0) {
          long spend = Math.min(left, reservoir[1]);
          reservoir[1] -= spend;
          left -= (int) spend;
          continue;
        }
        int chunk = Math.max(1, Math.min(MAX_CHUNK, limitPerSecond / 20));
        int granted = take(scope, second, limitPerSecond, Math.max(chunk, Math.min(left, chunk)));
        if (granted == 0 && chunk > 1) {
          granted = take(scope, second, limitPerSecond, 1);
        }
        if (granted > 0) {
          reservoir[1] = granted;
          continue;
        }
      }
      sleepUntil((second + 1) * 1000);
    }
  }

  /** Raises the second's counter by {@code count} if it stays within the limit; the count taken. */
  private int take(String scope, long second, int limit, int count) {
    try {
      dynamo.updateItem(
          b ->
              b.tableName(table)
                  .key(Map.of(Keys.PK, s("rate#" + scope), Keys.SK, s(Long.toString(second))))
                  .updateExpression("ADD used :n SET expiresAt = :ttl")
                  .conditionExpression("attribute_not_exists(used) OR used <= :room")
                  .expressionAttributeValues(
                      Map.of(
                          ":n", n(count), ":room", n(limit - count), ":ttl", n(second + 86_400))));
      return count;
    } catch (ConditionalCheckFailedException full) {
      return 0;
    }
  }

  private static void sleepUntil(long epochMillis) {
    long wait = epochMillis - System.currentTimeMillis();
    if (wait > 0) {
      try {
        Thread.sleep(wait);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while waiting for a send permit", e);
      }
    }
  }
}
