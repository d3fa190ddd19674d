package dev.openpush.aws.dynamodb;

import static dev.openpush.aws.dynamodb.Attr.s;

import dev.openpush.domain.campaign.Occurrences;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Recurring campaigns' next occurrences in the campaigns table: one item per launched recurring
 * campaign under the single partition {@code due}, sort key {@code <epoch millis, 13 digits>#<app>#
 * <campaign>}, so that what is due is one {@code Query} up to now. One partition is enough: it
 * holds a few writes a minute however many users there are (one per campaign occurrence).
 */
public final class DynamoDbOccurrences implements Occurrences {
  private static final String PARTITION = "due";

  private final DynamoDbClient dynamo;
  private final String table;

  public DynamoDbOccurrences(DynamoDbClient dynamo, Tables tables) {
    this.dynamo = dynamo;
    this.table = tables.campaigns();
  }

  @Override
  public void schedule(String appId, String campaignId, Instant at) {
    dynamo.putItem(
        b ->
            b.tableName(table)
                .item(
                    Map.of(
                        Keys.PK,
                        s(PARTITION),
                        Keys.SK,
                        s(sortKey(at, appId, campaignId)),
                        "app",
                        s(appId),
                        "campaign",
                        s(campaignId))));
  }

  @Override
  public List<Due> due(Instant now, int limit) {
    List<Due> due = new ArrayList<>();
    for (Map<String, AttributeValue> item :
        dynamo
            .query(
                b ->
                    b.tableName(table)
                        .keyConditionExpression("pk = :pk AND sk <= :now")
                        .expressionAttributeValues(
                            Map.of(
                                ":pk",
                                s(PARTITION),
                                ":now",
                                s("%013d#\uffff".formatted(now.toEpochMilli()))))
                        .consistentRead(true)
                        .limit(limit))
            .items()) {
      String sk = item.get(Keys.SK).s();
      due.add(
          new Due(
              item.get("app").s(),
              item.get("campaign").s(),
              Instant.ofEpochMilli(Long.parseLong(sk.substring(0, 13)))));
    }
    return due;
  }

  @Override
  public void done(Due due) {
    dynamo.deleteItem(
        b ->
            b.tableName(table)
                .key(
                    Map.of(
                        Keys.PK,
                        s(PARTITION),
                        Keys.SK,
                        s(sortKey(due.at(), due.appId(), due.campaignId())))));
  }

  private static String sortKey(Instant at, String appId, String campaignId) {
    return "%013d#%s#%s".formatted(at.toEpochMilli(), appId, campaignId);
  }
}
