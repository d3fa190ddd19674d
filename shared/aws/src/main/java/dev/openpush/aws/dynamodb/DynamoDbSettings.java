package dev.openpush.aws.dynamodb;

import static dev.openpush.aws.dynamodb.Attr.s;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.openpush.domain.delivery.Cooldown;
import dev.openpush.domain.delivery.DeliverySettings;
import dev.openpush.domain.delivery.FrequencyCap;
import dev.openpush.domain.delivery.QuietHours;
import dev.openpush.domain.delivery.SettingsRepository;
import dev.openpush.domain.json.Json;
import java.time.Duration;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** An app's delivery settings in the campaigns table: pk = app, sk = {@code settings}, as JSON. */
public final class DynamoDbSettings implements SettingsRepository {
  private final DynamoDbClient dynamo;
  private final String table;

  public DynamoDbSettings(DynamoDbClient dynamo, Tables tables) {
    this.dynamo = dynamo;
    this.table = tables.campaigns();
  }

  @Override
  public DeliverySettings of(String appId) {
    Map<String, AttributeValue> item =
        dynamo
            .getItem(b -> b.tableName(table).key(Map.of(Keys.PK, s(appId), Keys.SK, s("settings"))))
            .item();
    if (item == null || item.isEmpty()) {
      return DeliverySettings.NONE;
    }
    try {
      return read(Json.mapper().readTree(item.get("body").s()));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("unreadable settings of " + appId, e);
    }
  }

  @Override
  public void save(String appId, DeliverySettings settings) {
    dynamo.putItem(
        b ->
            b.tableName(table)
                .item(
                    Map.of(
                        Keys.PK,
                        s(appId),
                        Keys.SK,
                        s("settings"),
                        "body",
                        s(write(settings).toString()))));
  }

  /** The settings as the API shows them (SPEC 3 settings). */
  public static ObjectNode write(DeliverySettings settings) {
    ObjectNode out = Json.object();
    ArrayNode caps = out.putArray("frequencyCaps");
    settings
        .frequencyCaps()
        .forEach(c -> caps.addObject().put("max", c.max()).put("per", c.per().toString()));
    if (settings.quietHours() == null) {
      out.putNull("quietHours");
    } else {
      out.putObject("quietHours")
          .put("start", settings.quietHours().start().toString())
          .put("end", settings.quietHours().end().toString());
    }
    ArrayNode cooldowns = out.putArray("cooldowns");
    settings
        .cooldowns()
        .forEach(
            c ->
                cooldowns
                    .addObject()
                    .put("afterEvent", c.afterEvent())
                    .put("for", c.duration().toString()));
    out.put("rateLimitPerSecond", settings.rateLimitPerSecond());
    out.put("defaultTimezone", settings.defaultTimezone().getId());
    return out;
  }

  private static DeliverySettings read(JsonNode body) {
    List<FrequencyCap> caps = new ArrayList<>();
    body.path("frequencyCaps")
        .forEach(
            c ->
                caps.add(
                    new FrequencyCap(c.get("max").asInt(), Duration.parse(c.get("per").asText()))));
    QuietHours quiet =
        body.hasNonNull("quietHours")
            ? new QuietHours(
                LocalTime.parse(body.at("/quietHours/start").asText()),
                LocalTime.parse(body.at("/quietHours/end").asText()))
            : null;
    List<Cooldown> cooldowns = new ArrayList<>();
    body.path("cooldowns")
        .forEach(
            c ->
                cooldowns.add(
                    new Cooldown(
                        c.get("afterEvent").asText(), Duration.parse(c.get("for").asText()))));
    return new DeliverySettings(
        caps,
        quiet,
        cooldowns,
        body.path("rateLimitPerSecond").asInt(0),
        ZoneId.of(body.path("defaultTimezone").asText("UTC")));
  }
}
