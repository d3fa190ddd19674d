package dev.openpush.domain.template;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.openpush.domain.condition.ComputedMetric;
import dev.openpush.domain.condition.Condition;
import dev.openpush.domain.condition.Evaluator;
import dev.openpush.domain.json.Json;
import dev.openpush.domain.profile.Profile;
import java.time.Instant;

/**
 * What a template sees of a user (SPEC 3): {@code traits}, {@code computed} values, device {@code
 * context} (by the names conditions use: {@code context.city}, {@code context.timezone}) and the
 * triggering {@code event} ({@code event.properties.sku}), as one JSON object.
 */
public final class RenderModel {
  private RenderModel() {}

  /**
   * @param event the event that triggered the message, or null
   */
  public static ObjectNode of(Profile p, JsonNode event, Instant now) {
    ObjectNode model = Json.object();
    ObjectNode traits = model.putObject("traits");
    p.traits()
        .forEach(
            (name, value) -> {
              if (!value.isRemoved()) {
                traits.set(name, value.value());
              }
            });
    ObjectNode computed = model.putObject("computed");
    for (ComputedMetric metric : ComputedMetric.values()) {
      computed.set(
          metric.wireName(),
          Evaluator.valueOf(new Condition.Computed("", metric, null), p, now, id -> null));
    }
    ObjectNode context = model.putObject("context");
    p.context()
        .asMap()
        .forEach((field, value) -> context.set(field.conditionName(), value.value()));
    model.set("event", event == null ? Json.object() : event);
    return model;
  }
}
