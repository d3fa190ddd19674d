package dev.openpush.domain.profile;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.openpush.domain.json.Json;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;

/**
 * The device and context fields a segment can test, each taken from the latest event (by event
 * time) that carried it.
 */
public final class DeviceContext {

  /** A context field, where it is read from in a Segment-spec {@code context}. */
  public enum Field {
    PLATFORM("platform", "os.name"),
    APP_VERSION("appVersion", "app.version"),
    LOCALE("locale", "locale"),
    TIMEZONE("timezone", "timezone"),
    COUNTRY("country", "location.country"),
    CITY("city", "location.city"),
    PUSH_ENABLED("pushEnabled", "device.pushEnabled");

    private final String conditionName;
    private final String contextPath;

    Field(String conditionName, String contextPath) {
      this.conditionName = conditionName;
      this.contextPath = contextPath;
    }

    /** The name used in conditions, and the trait name that overrides the context value. */
    public String conditionName() {
      return conditionName;
    }

    public static Field byConditionName(String name) {
      for (Field field : values()) {
        if (field.conditionName.equals(name)) {
          return field;
        }
      }
      return null;
    }
  }

  private final Map<Field, TraitValue> values = new EnumMap<>(Field.class);

  public TraitValue get(Field field) {
    return values.get(field);
  }

  public Map<Field, TraitValue> asMap() {
    return values;
  }

  public void put(Field field, TraitValue value) {
    values.put(field, value);
  }

  /**
   * Takes each field the event's context carries, if the event is not older than what is held.
   *
   * @return the values as they were before, or null when no value changed (most events repeat the
   *     context already held, so the copy is made only on a change)
   */
  public Map<Field, TraitValue> absorb(ObjectNode context, Instant at) {
    Map<Field, TraitValue> before = null;
    for (Field field : Field.values()) {
      JsonNode value = Json.at(context, field.contextPath);
      if (value == null || value.isContainerNode()) {
        continue;
      }
      if (field == Field.PLATFORM) {
        value = Json.mapper().getNodeFactory().textNode(value.asText().toLowerCase(Locale.ROOT));
      }
      TraitValue held = values.get(field);
      // Equal times must not depend on arrival order: the greater value text wins the tie.
      boolean newer =
          held == null
              || at.isAfter(held.setAt())
              || (at.equals(held.setAt())
                  && value.toString().compareTo(held.value().toString()) > 0);
      if (newer) {
        if (before == null && (held == null || !value.equals(held.value()))) {
          before = new EnumMap<>(Field.class);
          before.putAll(values);
        }
        values.put(field, new TraitValue(value, at));
      }
    }
    return before;
  }
}
