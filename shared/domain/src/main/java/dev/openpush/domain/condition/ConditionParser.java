package dev.openpush.domain.condition;

import com.fasterxml.jackson.databind.JsonNode;
import dev.openpush.domain.json.Numbers;
import dev.openpush.domain.profile.DeviceContext;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

/**
 * Parses and validates a condition once into a {@link Condition} tree. Every error names the JSON
 * path of the bad part, so a marketer can find it: {@code condition.and[2].op: unknown operator
 * "greater"}.
 */
public final class ConditionParser {
  private static final Set<String> AGGREGATES = Set.of("count", "sum", "avg", "min", "max");
  private static final int MAX_DEPTH = 32;
  private static final int MAX_NODES = 500;

  /** The most values an {@code in} list may hold. */
  public static final int MAX_LIST_VALUES = 1_000;

  /** The longest string a comparison may name. */
  public static final int MAX_STRING_CHARS = 1_024;

  private int nodes;

  public static Condition parse(JsonNode node, String path) {
    return new ConditionParser().node(node, path, 0);
  }

  private Condition node(JsonNode node, String path, int depth) {
    if (node == null || !node.isObject()) {
      throw new InvalidDefinitionException(path, "a condition must be an object");
    }
    if (depth > MAX_DEPTH) {
      throw new InvalidDefinitionException(path, "nested deeper than " + MAX_DEPTH + " levels");
    }
    if (++nodes > MAX_NODES) {
      throw new InvalidDefinitionException(path, "more than " + MAX_NODES + " conditions");
    }
    if (node.has("and")) {
      only(node, path, Set.of("and"));
      return new Condition.And(path, list(node.get("and"), path + ".and", depth));
    }
    if (node.has("or")) {
      only(node, path, Set.of("or"));
      return new Condition.Or(path, list(node.get("or"), path + ".or", depth));
    }
    if (node.has("not")) {
      only(node, path, Set.of("not"));
      return new Condition.Not(path, node(node.get("not"), path + ".not", depth + 1));
    }
    if (node.has("trait")) {
      return trait(node, path);
    }
    if (node.has("event")) {
      return event(node, path);
    }
    if (node.has("computed")) {
      only(node, path, Set.of("computed", "op", "value"));
      String name = requiredText(node, "computed", path);
      ComputedMetric metric =
          ComputedMetric.fromWire(name)
              .orElseThrow(
                  () ->
                      new InvalidDefinitionException(
                          path + ".computed",
                          "unknown computed value \""
                              + name
                              + "\" (recencyDays, frequency90d, monetary90d, lastSeenDays)"));
      return new Condition.Computed(path, metric, comparison(node, path, false));
    }
    if (node.has("segment")) {
      only(node, path, Set.of("segment"));
      return new Condition.SegmentRef(path, requiredText(node, "segment", path));
    }
    Iterator<String> names = node.fieldNames();
    if (names.hasNext()) {
      String key = names.next();
      DeviceContext.Field field = DeviceContext.Field.byConditionName(key);
      if (field != null) {
        if (node.size() != 1) {
          throw new InvalidDefinitionException(path, "a " + key + " condition has one key");
        }
        return context(node.get(key), path + "." + key, path, field);
      }
      throw new InvalidDefinitionException(path, "unknown condition \"" + key + "\"");
    }
    throw new InvalidDefinitionException(path, "an empty condition");
  }

  private List<Condition> list(JsonNode array, String path, int depth) {
    if (array == null || !array.isArray() || array.isEmpty()) {
      throw new InvalidDefinitionException(path, "must be a non-empty array of conditions");
    }
    List<Condition> children = new ArrayList<>(array.size());
    for (int i = 0; i < array.size(); i++) {
      children.add(node(array.get(i), path + "[" + i + "]", depth + 1));
    }
    return List.copyOf(children);
  }

  private Condition trait(JsonNode node, String path) {
    String name = requiredText(node, "trait", path);
    if (node.has("within")) {
      only(node, path, Set.of("trait", "within"));
      return new Condition.TraitWithin(path, name, duration(node, path));
    }
    only(node, path, Set.of("trait", "op", "value"));
    return new Condition.Trait(path, name, comparison(node, path, false));
  }

  private Condition event(JsonNode node, String path) {
    only(
        node,
        path,
        Set.of("event", "where", "within", "count", "sum", "avg", "min", "max", "op", "value"));
    String name = requiredText(node, "event", path);
    List<Condition.PropertyTest> where = new ArrayList<>();
    JsonNode whereNode = node.get("where");
    if (whereNode != null) {
      if (!whereNode.isArray()) {
        throw new InvalidDefinitionException(path + ".where", "must be an array");
      }
      for (int i = 0; i < whereNode.size(); i++) {
        String itemPath = path + ".where[" + i + "]";
        JsonNode item = whereNode.get(i);
        if (!item.isObject()) {
          throw new InvalidDefinitionException(itemPath, "must be an object");
        }
        only(item, itemPath, Set.of("property", "op", "value"));
        where.add(
            new Condition.PropertyTest(
                requiredText(item, "property", itemPath), comparison(item, itemPath, false)));
      }
    }
    Duration within = node.has("within") ? duration(node, path) : null;
    return new Condition.Event(path, name, List.copyOf(where), within, aggregate(node, path));
  }

  private Aggregate aggregate(JsonNode node, String path) {
    List<String> present = new ArrayList<>();
    for (String kind : AGGREGATES) {
      if (node.has(kind)) {
        present.add(kind);
      }
    }
    if (present.size() > 1) {
      throw new InvalidDefinitionException(path, "at most one of count, sum, avg, min, max");
    }
    if (present.isEmpty()) {
      if (node.has("op") || node.has("value")) {
        throw new InvalidDefinitionException(
            path, "op and value on an event need an aggregate (sum, avg, min, max) or count");
      }
      return Aggregate.AT_LEAST_ONE;
    }
    String kind = present.get(0);
    if (kind.equals("count")) {
      if (node.has("op") || node.has("value")) {
        throw new InvalidDefinitionException(path, "count takes its own {\"op\", \"value\"}");
      }
      JsonNode count = node.get("count");
      if (!count.isObject()) {
        throw new InvalidDefinitionException(path + ".count", "must be {\"op\", \"value\"}");
      }
      only(count, path + ".count", Set.of("op", "value"));
      return new Aggregate(Aggregate.Kind.COUNT, null, comparison(count, path + ".count", false));
    }
    String property = requiredText(node, kind, path);
    Aggregate.Kind aggregateKind = Aggregate.Kind.valueOf(kind.toUpperCase(java.util.Locale.ROOT));
    return new Aggregate(aggregateKind, property, comparison(node, path, false));
  }

  private Condition context(
      JsonNode spec, String path, String leafPath, DeviceContext.Field field) {
    boolean semver = field == DeviceContext.Field.APP_VERSION;
    if (spec.isObject()) {
      only(spec, path, Set.of("op", "value"));
      return new Condition.Context(leafPath, field, comparison(spec, path, semver));
    }
    if (spec.isNull() || spec.isContainerNode()) {
      throw new InvalidDefinitionException(path, "must be a value or {\"op\", \"value\"}");
    }
    return new Condition.Context(leafPath, field, new Comparison(Operator.EQ, spec, semver));
  }

  static Comparison comparison(JsonNode node, String path, boolean semver) {
    JsonNode opNode = node.get("op");
    if (opNode == null) {
      throw new InvalidDefinitionException(path, "op is missing");
    }
    if (!opNode.isTextual()) {
      throw new InvalidDefinitionException(path + ".op", "must be a string");
    }
    Operator op =
        Operator.fromWire(opNode.asText())
            .orElseThrow(
                () ->
                    new InvalidDefinitionException(
                        path + ".op", "unknown operator \"" + opNode.asText() + "\""));
    JsonNode value = node.get("value");
    String valuePath = path + ".value";
    if (!op.takesValue()) {
      if (value != null) {
        throw new InvalidDefinitionException(valuePath, op.wireName() + " takes no value");
      }
      return new Comparison(op, null, semver);
    }
    if (value == null || value.isNull()) {
      throw new InvalidDefinitionException(valuePath, op.wireName() + " needs a value");
    }
    checkScalars(value, valuePath);
    switch (op) {
      case IN -> {
        if (!value.isArray() || value.isEmpty()) {
          throw new InvalidDefinitionException(valuePath, "in takes a non-empty array");
        }
        if (value.size() > MAX_LIST_VALUES) {
          throw new InvalidDefinitionException(
              valuePath, "in takes at most " + MAX_LIST_VALUES + " values");
        }
      }
      case BETWEEN -> {
        if (!value.isArray()
            || value.size() != 2
            || value.get(0).isContainerNode()
            || value.get(1).isContainerNode()) {
          throw new InvalidDefinitionException(valuePath, "between takes [low, high]");
        }
      }
      case CONTAINS -> {
        if (value.isContainerNode()) {
          throw new InvalidDefinitionException(valuePath, "contains takes a single value");
        }
      }
      case STARTS_WITH -> {
        if (!value.isTextual()) {
          throw new InvalidDefinitionException(valuePath, "startsWith takes a string");
        }
      }
      case GT, GTE, LT, LTE -> {
        if (!value.isNumber() && !value.isTextual()) {
          throw new InvalidDefinitionException(
              valuePath, op.wireName() + " takes a number, date or string");
        }
      }
      default -> {
        if (value.isContainerNode() && !value.isArray()) {
          throw new InvalidDefinitionException(
              valuePath, op.wireName() + " takes a value, not an object");
        }
      }
    }
    return new Comparison(op, value, semver);
  }

  /** Numbers inside the product's numeric domain, strings of bounded length, no nesting. */
  private static void checkScalars(JsonNode value, String path) {
    if (value.isArray()) {
      for (int i = 0; i < value.size() && i <= MAX_LIST_VALUES; i++) {
        JsonNode element = value.get(i);
        if (element.isContainerNode()) {
          throw new InvalidDefinitionException(path + "[" + i + "]", "must be a single value");
        }
        checkScalars(element, path + "[" + i + "]");
      }
      return;
    }
    if (value.isNumber()) {
      String problem = Numbers.problem(value);
      if (problem != null) {
        throw new InvalidDefinitionException(path, "the number " + problem);
      }
    } else if (value.isTextual() && value.asText().length() > MAX_STRING_CHARS) {
      throw new InvalidDefinitionException(
          path, "strings are at most " + MAX_STRING_CHARS + " characters");
    }
  }

  private static Duration duration(JsonNode node, String path) {
    JsonNode within = node.get("within");
    if (within == null || !within.isTextual()) {
      throw new InvalidDefinitionException(path + ".within", "must be an ISO-8601 duration string");
    }
    try {
      return Durations.parse(within.asText());
    } catch (IllegalArgumentException e) {
      throw new InvalidDefinitionException(
          path + ".within", "\"" + within.asText() + "\": " + e.getMessage());
    }
  }

  private static String requiredText(JsonNode node, String field, String path) {
    JsonNode value = node.get(field);
    if (value == null || !value.isTextual() || value.asText().isBlank()) {
      throw new InvalidDefinitionException(path + "." + field, "must be a non-empty string");
    }
    return value.asText();
  }

  private static void only(JsonNode node, String path, Set<String> allowed) {
    for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
      String key = it.next();
      if (!allowed.contains(key)) {
        throw new InvalidDefinitionException(path + "." + key, "not allowed here");
      }
    }
  }
}
