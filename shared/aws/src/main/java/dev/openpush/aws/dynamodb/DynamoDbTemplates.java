package dev.openpush.aws.dynamodb;

import static dev.openpush.aws.dynamodb.Attr.n;
import static dev.openpush.aws.dynamodb.Attr.s;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.openpush.domain.json.Json;
import dev.openpush.domain.ports.ConcurrentUpdateException;
import dev.openpush.domain.template.MessageTemplate;
import dev.openpush.domain.template.TemplateRepository;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

/** Templates in the campaigns table: pk = app, sk = {@code template#<id>}, the fields as JSON. */
public final class DynamoDbTemplates implements TemplateRepository {
  private static final String PREFIX = "template#";

  private final DynamoDbClient dynamo;
  private final String table;

  public DynamoDbTemplates(DynamoDbClient dynamo, Tables tables) {
    this.dynamo = dynamo;
    this.table = tables.campaigns();
  }

  @Override
  public Optional<MessageTemplate> find(String appId, String templateId) {
    Map<String, AttributeValue> item =
        dynamo
            .getItem(
                b ->
                    b.tableName(table)
                        .key(Map.of(Keys.PK, s(appId), Keys.SK, s(PREFIX + templateId))))
            .item();
    return item == null || item.isEmpty() ? Optional.empty() : Optional.of(read(appId, item));
  }

  @Override
  public Page list(String appId, String cursor, int limit) {
    AppItems.Page page = AppItems.page(dynamo, table, appId, PREFIX, cursor, limit);
    List<MessageTemplate> templates = new ArrayList<>();
    page.items().forEach(item -> templates.add(read(appId, item)));
    return new Page(templates, page.nextCursor());
  }

  @Override
  public void create(MessageTemplate template) {
    ObjectNode body = Json.object();
    body.put("name", template.name());
    body.put("title", template.title());
    body.put("body", template.body());
    body.put("deepLink", template.deepLink());
    ObjectNode data = body.putObject("data");
    template.data().forEach(data::put);
    body.put("createdAt", template.createdAt().toString());
    body.put("updatedAt", template.updatedAt().toString());
    try {
      dynamo.putItem(
          b ->
              b.tableName(table)
                  .item(
                      Map.of(
                          Keys.PK,
                          s(template.appId()),
                          Keys.SK,
                          s(PREFIX + template.id()),
                          "body",
                          s(body.toString()),
                          "v",
                          n(template.version())))
                  .conditionExpression("attribute_not_exists(pk)"));
    } catch (ConditionalCheckFailedException e) {
      throw new ConcurrentUpdateException("template " + template.id() + " exists");
    }
  }

  private static MessageTemplate read(String appId, Map<String, AttributeValue> item) {
    JsonNode body;
    try {
      body = Json.mapper().readTree(item.get("body").s());
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("unreadable template item", e);
    }
    Map<String, String> data = new LinkedHashMap<>();
    body.path("data").properties().forEach(d -> data.put(d.getKey(), d.getValue().asText()));
    return new MessageTemplate(
        appId,
        item.get(Keys.SK).s().substring(PREFIX.length()),
        body.get("name").asText(),
        body.get("title").asText(),
        body.get("body").asText(),
        body.hasNonNull("deepLink") ? body.get("deepLink").asText() : null,
        data,
        Long.parseLong(item.get("v").n()),
        Instant.parse(body.get("createdAt").asText()),
        Instant.parse(body.get("updatedAt").asText()));
  }
}
