package dev.openpush.aws.dynamodb;

import static dev.openpush.aws.dynamodb.Attr.n;
import static dev.openpush.aws.dynamodb.Attr.s;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.openpush.domain.campaign.Campaign;
import dev.openpush.domain.campaign.CampaignDefinitions;
import dev.openpush.domain.campaign.CampaignRepository;
import dev.openpush.domain.campaign.CampaignStatus;
import dev.openpush.domain.json.Json;
import dev.openpush.domain.ports.ConcurrentUpdateException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

/**
 * Campaigns in the campaigns table: pk = app, sk = {@code campaign#<id>}; the definition as the
 * marketer sent it, the status, the current run and the version writes are conditional on.
 */
public final class DynamoDbCampaigns implements CampaignRepository {
  private static final String PREFIX = "campaign#";

  private final DynamoDbClient dynamo;
  private final String table;

  public DynamoDbCampaigns(DynamoDbClient dynamo, Tables tables) {
    this.dynamo = dynamo;
    this.table = tables.campaigns();
  }

  @Override
  public Optional<Campaign> find(String appId, String campaignId) {
    Map<String, AttributeValue> item =
        dynamo
            .getItem(
                b ->
                    b.tableName(table)
                        .key(Map.of(Keys.PK, s(appId), Keys.SK, s(PREFIX + campaignId)))
                        .consistentRead(true))
            .item();
    return item == null || item.isEmpty() ? Optional.empty() : Optional.of(read(appId, item));
  }

  @Override
  public Page list(String appId, String cursor, int limit) {
    AppItems.Page page = AppItems.page(dynamo, table, appId, PREFIX, cursor, limit);
    List<Campaign> campaigns = new ArrayList<>();
    page.items().forEach(item -> campaigns.add(read(appId, item)));
    return new Page(campaigns, page.nextCursor());
  }

  @Override
  public void create(Campaign campaign) {
    try {
      dynamo.putItem(
          b ->
              b.tableName(table)
                  .item(item(campaign, campaign.version()))
                  .conditionExpression("attribute_not_exists(pk)"));
    } catch (ConditionalCheckFailedException e) {
      throw new ConcurrentUpdateException("campaign " + campaign.id() + " exists");
    }
  }

  @Override
  public void replace(Campaign campaign) {
    try {
      dynamo.putItem(
          b ->
              b.tableName(table)
                  .item(item(campaign, campaign.version() + 1))
                  .conditionExpression("v = :v")
                  .expressionAttributeValues(Map.of(":v", n(campaign.version()))));
    } catch (ConditionalCheckFailedException e) {
      throw new ConcurrentUpdateException(
          "campaign " + campaign.id() + " changed since it was read");
    }
  }

  @Override
  public void delete(String appId, String campaignId) {
    dynamo.deleteItem(
        b -> b.tableName(table).key(Map.of(Keys.PK, s(appId), Keys.SK, s(PREFIX + campaignId))));
  }

  private static Map<String, AttributeValue> item(Campaign c, long version) {
    Map<String, AttributeValue> item = new HashMap<>();
    item.put(Keys.PK, s(c.appId()));
    item.put(Keys.SK, s(PREFIX + c.id()));
    item.put("definition", s(c.definition().toString()));
    item.put("status", s(c.status().name()));
    if (c.runId() != null) {
      item.put("runId", s(c.runId()));
    }
    item.put("v", n(version));
    item.put("createdAt", s(c.createdAt().toString()));
    item.put("updatedAt", s(c.updatedAt().toString()));
    return item;
  }

  private static Campaign read(String appId, Map<String, AttributeValue> item) {
    try {
      return CampaignDefinitions.parse(
          appId,
          item.get(Keys.SK).s().substring(PREFIX.length()),
          Json.mapper().readTree(item.get("definition").s()),
          CampaignStatus.valueOf(item.get("status").s().toUpperCase(Locale.ROOT)),
          item.containsKey("runId") ? item.get("runId").s() : null,
          Long.parseLong(item.get("v").n()),
          Instant.parse(item.get("createdAt").s()),
          Instant.parse(item.get("updatedAt").s()));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("unreadable campaign item", e);
    }
  }
}
