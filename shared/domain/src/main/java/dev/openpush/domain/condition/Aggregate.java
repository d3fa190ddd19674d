package dev.openpush.domain.condition;

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
}
