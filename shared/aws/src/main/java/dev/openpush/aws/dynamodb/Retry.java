package dev.openpush.aws.dynamodb;

/** Back-off for DynamoDB's partial results (unprocessed keys and items). */
final class Retry {
  static final int MAX_ROUNDS = 8;

  private Retry() {}

  static void pause(int round) {
    try {
      Thread.sleep(Math.min(1_000L, 25L << round));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while backing off", e);
    }
  }
}
