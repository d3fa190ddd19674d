package dev.openpush.aws.dynamodb;

import static dev.openpush.aws.dynamodb.Attr.s;

import java.util.List;
import java.util.Map;
import java.util.Set;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;

/**
 * One kind of an app's items in the campaigns table (pk = app, sk = {@code <kind>#<id>}), paged
 * with cursors that fit only that kind's list of that app.
 */
final class AppItems {
  private AppItems() {}

  record Page(List<Map<String, AttributeValue>> items, String nextCursor) {}

  static Page page(
      DynamoDbClient dynamo, String table, String appId, String prefix, String cursor, int limit) {
    String list = prefix + "/" + appId;
    Map<String, AttributeValue> start =
        Cursors.decode(
            cursor,
            list,
            Set.of(Keys.PK, Keys.SK),
            Map.of(Keys.PK, appId),
            Map.entry(Keys.SK, prefix));
    QueryResponse response =
        dynamo.query(
            b ->
                b.tableName(table)
                    .keyConditionExpression("pk = :app AND begins_with(sk, :kind)")
                    .expressionAttributeValues(Map.of(":app", s(appId), ":kind", s(prefix)))
                    .exclusiveStartKey(start)
                    .limit(limit));
    return new Page(
        response.items(),
        response.hasLastEvaluatedKey() ? Cursors.encode(list, response.lastEvaluatedKey()) : null);
  }
}
