package dev.openpush.aws.dynamodb;

import static dev.openpush.aws.dynamodb.Attr.n;
import static dev.openpush.aws.dynamodb.Attr.s;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.openpush.domain.delivery.Consent;
import dev.openpush.domain.delivery.DeliveryState;
import dev.openpush.domain.delivery.Device;
import dev.openpush.domain.delivery.Platform;
import dev.openpush.domain.delivery.Send;
import dev.openpush.domain.engagement.EngagementWindow;
import dev.openpush.domain.engagement.EngagementWindowJson;
import dev.openpush.domain.json.Json;
import dev.openpush.domain.ports.ConcurrentUpdateException;
import dev.openpush.domain.ports.DeliveryStates;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

/**
 * A user's delivery state as one item of the delivery table: key {@code app#user}, the state as a
 * small JSON document ({@code body}, a few hundred bytes: one write unit per change) and the
 * version {@code v} every write is conditional on.
 */
public final class DynamoDbDeliveryStates implements DeliveryStates {
  private final DynamoDbClient dynamo;
  private final String table;

  public DynamoDbDeliveryStates(DynamoDbClient dynamo, Tables tables) {
    this.dynamo = dynamo;
    this.table = tables.delivery();
  }

  @Override
  public Optional<DeliveryState> find(String appId, String userId) {
    Map<String, AttributeValue> item =
        dynamo
            .getItem(
                b ->
                    b.tableName(table)
                        .key(Map.of(Keys.PK, s(Keys.profile(appId, userId))))
                        .consistentRead(true))
            .item();
    if (item == null || item.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(
        read(appId, userId, item.get("body").s(), Long.parseLong(item.get("v").n())));
  }

  @Override
  public void save(DeliveryState state) {
    Map<String, AttributeValue> item = new HashMap<>();
    item.put(Keys.PK, s(Keys.profile(state.appId(), state.userId())));
    item.put("app", s(state.appId()));
    item.put("uid", s(state.userId()));
    item.put("body", s(write(state)));
    item.put("v", n(state.version() + 1));
    try {
      dynamo.putItem(
          b -> {
            b.tableName(table).item(item);
            if (state.version() == 0) {
              b.conditionExpression("attribute_not_exists(pk)");
            } else {
              b.conditionExpression("v = :v")
                  .expressionAttributeValues(Map.of(":v", n(state.version())));
            }
          });
    } catch (ConditionalCheckFailedException e) {
      throw new ConcurrentUpdateException("delivery state changed since it was read");
    }
  }

  @Override
  public void delete(String appId, String userId) {
    dynamo.deleteItem(b -> b.tableName(table).key(Map.of(Keys.PK, s(Keys.profile(appId, userId)))));
  }

  /**
   * The item's attributes as DynamoDB sizes them (names and values), for counting write units in
   * benchmarks.
   */
  public static String itemForBenchmark(DeliveryState state) {
    return "pk"
        + Keys.profile(state.appId(), state.userId())
        + "app"
        + state.appId()
        + "uid"
        + state.userId()
        + "body"
        + write(state)
        + "v"
        + state.version();
  }

  static String write(DeliveryState state) {
    ObjectNode body = Json.object();
    ObjectNode consent = body.putObject("consent");
    consent.put("push", state.consent().push());
    ObjectNode topics = consent.putObject("topics");
    state.consent().topics().forEach(topics::put);
    if (state.consent().updatedAt() != null) {
      consent.put("updatedAt", state.consent().updatedAt().toString());
    }
    ArrayNode devices = body.putArray("devices");
    for (Device d : state.devices()) {
      devices
          .addObject()
          .put("deviceId", d.deviceId())
          .put("platform", d.platform().name())
          .put("token", d.token())
          .put("endpointArn", d.endpointArn())
          .put("valid", d.valid())
          .put("updatedAt", d.updatedAt().toString());
    }
    ArrayNode sends = body.putArray("sends");
    for (Send send : state.recentSends()) {
      ObjectNode entry =
          sends
              .addObject()
              .put("campaignId", send.campaignId())
              .put("runId", send.runId())
              .put("at", send.at().toEpochMilli());
      if (send.task() != null) {
        entry.put("task", send.task());
      }
      if (send.held()) {
        entry.put("held", true);
      }
    }
    if (state.window() != null) {
      body.set("window", EngagementWindowJson.write(state.window()));
    }
    return body.toString();
  }

  static DeliveryState read(String appId, String userId, String stored, long version) {
    JsonNode body;
    try {
      body = Json.mapper().readTree(stored);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("unreadable delivery state of " + appId + "#" + userId, e);
    }
    JsonNode c = body.path("consent");
    Map<String, Boolean> topics = new LinkedHashMap<>();
    c.path("topics").properties().forEach(t -> topics.put(t.getKey(), t.getValue().asBoolean()));
    Consent consent =
        new Consent(
            c.path("push").asBoolean(true),
            topics,
            c.hasNonNull("updatedAt") ? Instant.parse(c.get("updatedAt").asText()) : null);
    List<Device> devices = new ArrayList<>();
    for (JsonNode d : body.path("devices")) {
      devices.add(
          new Device(
              d.get("deviceId").asText(),
              Platform.valueOf(d.get("platform").asText()),
              d.get("token").asText(),
              d.get("endpointArn").asText(),
              d.get("valid").asBoolean(),
              Instant.parse(d.get("updatedAt").asText())));
    }
    List<Send> sends = new ArrayList<>();
    for (JsonNode send : body.path("sends")) {
      sends.add(
          new Send(
              send.get("campaignId").asText(),
              send.get("runId").asText(),
              Instant.ofEpochMilli(send.get("at").asLong()),
              send.hasNonNull("task") ? send.get("task").asText() : null,
              send.path("held").asBoolean(false)));
    }
    EngagementWindow window =
        body.hasNonNull("window") ? EngagementWindowJson.read(body.get("window")) : null;
    return new DeliveryState(appId, userId, consent, devices, sends, window, version);
  }
}
