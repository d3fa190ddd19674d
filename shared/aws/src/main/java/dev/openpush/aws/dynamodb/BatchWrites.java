package dev.openpush.aws.dynamodb;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemResponse;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/** BatchWriteItem in chunks of 25, retrying unprocessed items until none are left. */
final class BatchWrites {
  private static final int MAX_BATCH = 25;

  private BatchWrites() {}

  static void write(DynamoDbClient dynamo, String table, List<WriteRequest> requests) {
    for (int from = 0; from < requests.size(); from += MAX_BATCH) {
      List<WriteRequest> pending =
          new ArrayList<>(requests.subList(from, Math.min(requests.size(), from + MAX_BATCH)));
      for (int round = 0; !pending.isEmpty(); round++) {
        if (round >= Retry.MAX_ROUNDS) {
          throw new IllegalStateException("DynamoDB kept returning unprocessed items");
        }
        if (round > 0) {
          Retry.pause(round);
        }
        List<WriteRequest> batch = pending;
        BatchWriteItemResponse response =
            dynamo.batchWriteItem(b -> b.requestItems(Map.of(table, batch)));
        pending = new ArrayList<>(response.unprocessedItems().getOrDefault(table, List.of()));
      }
    }
  }
}
