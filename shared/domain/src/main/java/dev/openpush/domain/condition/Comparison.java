package dev.openpush.domain.condition;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * An operator and its operand, with the contract's semantics: a missing value fails every test but
 * {@code notExists} and {@code neq}; a value of the wrong type fails rather than errs.
 *
 * @param semver compare strings as semantic versions (for {@code appVersion})
 */
public record Comparison(Operator op, JsonNode value, boolean semver) {

  public Comparison(Operator op, JsonNode value) {
    this(op, value, false);
  }

  /** Whether {@code actual} (null when missing) satisfies this comparison. */
  public boolean test(JsonNode actual) {
    if (actual == null || actual.isNull() || actual.isMissingNode()) {
      return op == Operator.NOT_EXISTS || op == Operator.NEQ;
    }
    return switch (op) {
      case EXISTS -> true;
      case NOT_EXISTS -> false;
      case EQ -> Values.equal(actual, value, semver);
      case NEQ -> !Values.equal(actual, value, semver);
      case GT -> Values.compare(actual, value, semver) > 0;
      case GTE -> Values.compare(actual, value, semver) >= 0;
      case LT -> compareDefined(actual, value) < 0;
      case LTE -> compareDefined(actual, value) <= 0;
      case IN -> in(actual);
      case CONTAINS -> Values.contains(actual, value);
      case STARTS_WITH ->
          actual.isTextual() && value.isTextual() && actual.asText().startsWith(value.asText());
      case BETWEEN ->
          Values.compare(actual, value.get(0), semver) >= 0
              && compareDefined(actual, value.get(1)) <= 0;
    };
  }

  /** Like {@link Values#compare} but an incomparable pair must fail {@code < 0} tests too. */
  private int compareDefined(JsonNode actual, JsonNode operand) {
    int c = Values.compare(actual, operand, semver);
    return c == Values.INCOMPARABLE ? Integer.MAX_VALUE : c;
  }

  private boolean in(JsonNode actual) {
    for (JsonNode candidate : value) {
      if (Values.equal(actual, candidate, semver)) {
        return true;
      }
    }
    return false;
  }
}
