package dev.openpush.aws.dynamodb;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes;

/** Consistent BatchGetItem in chunks of 100, retrying unprocessed keys until none are left. */
final class BatchReads {
  private static final int MAX_BATCH = 100;

  private BatchReads() {}

  /** The items found among {@code keys}, in no particular order; absent keys are left out. */
  static List<Map<String, AttributeValue>> get(
      DynamoDbClient dynamo, String table, List<Map<String, AttributeValue>> keys) {
    List<Map<String, AttributeValue>> found = new ArrayList<>();
    for (int from = 0; from < keys.size(); from += MAX_BATCH) {
      Map<String, KeysAndAttributes> request =
          new HashMap<>(
              Map.of(
                  table,
                  KeysAndAttributes.builder()
                      .keys(keys.subList(from, Math.min(keys.size(), from + MAX_BATCH)))
                      .consistentRead(true)
                      .build()));
      for (int round = 0; !request.isEmpty(); round++) {
        if (round >= Retry.MAX_ROUNDS) {
          throw new IllegalStateException("DynamoDB kept returning unprocessed keys");
        }
        if (round > 0) {
          Retry.pause(round);
        }
        Map<String, KeysAndAttributes> asked = Map.copyOf(request);
        BatchGetItemResponse response = dynamo.batchGetItem(b -> b.requestItems(asked));
        found.addAll(response.responses().getOrDefault(table, List.of()));
        request.clear();
        request.putAll(response.unprocessedKeys());
      }
    }
    return found;
  }
}
