package dev.openpush.domain.condition;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.DecimalNode;
import com.fasterxml.jackson.databind.node.IntNode;
import java.math.BigDecimal;
import java.math.MathContext;

/**
 * What an event leaf asks of its matching events: at least one (the default), a count, or a sum,
 * average, minimum or maximum of a numeric property.
 */
public record Aggregate(Kind kind, String property, Comparison comparison) {

  public enum Kind {
    ANY,
    COUNT,
    SUM,
    AVG,
    MIN,
    MAX
  }

  public static final Aggregate AT_LEAST_ONE = new Aggregate(Kind.ANY, null, null);

  /**
   * The value an aggregate compares, from the figures of its matching events: the one formula for
   * both the evaluation now and the search for when it will change.
   *
   * @param count matching events
   * @param sum the sum of their numeric property values (0 over none)
   * @param numeric how many had a numeric value
   * @return null where the contract makes the leaf false (avg, min or max over no number)
   */
  static JsonNode value(
      Kind kind, int count, BigDecimal sum, int numeric, BigDecimal min, BigDecimal max) {
    return switch (kind) {
      case ANY, COUNT -> IntNode.valueOf(count);
      case SUM -> Values.number(sum);
      case AVG ->
          numeric == 0
              ? null
              : DecimalNode.valueOf(sum.divide(BigDecimal.valueOf(numeric), MathContext.DECIMAL64));
      case MIN -> numeric == 0 ? null : Values.number(min);
      case MAX -> numeric == 0 ? null : Values.number(max);
    };
  }

  /** Whether the value of {@link #value} satisfies this aggregate. */
  boolean holds(JsonNode value) {
    return kind == Kind.ANY ? value.asInt() > 0 : value != null && comparison.test(value);
  }
}
