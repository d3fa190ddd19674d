package dev.openpush.domain.condition;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.DecimalNode;
import com.fasterxml.jackson.databind.node.LongNode;
import dev.openpush.domain.event.Dates;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Optional;

/**
 * Typed comparison of JSON values: numbers as numbers, ISO strings as dates, versions as versions.
 */
final class Values {
  /** Returned by {@link #compare} for pairs that have no order; fails every ordering test. */
  static final int INCOMPARABLE = Integer.MIN_VALUE;

  private Values() {}

  static boolean equal(JsonNode actual, JsonNode expected, boolean semver) {
    if (bothWhole(actual, expected)) {
      return actual.longValue() == expected.longValue();
    }
    if (actual.isNumber() && expected.isNumber()) {
      return actual.decimalValue().compareTo(expected.decimalValue()) == 0;
    }
    if (actual.isTextual() && expected.isTextual()) {
      String a = actual.asText();
      String e = expected.asText();
      if (a.equals(e)) {
        return true;
      }
      if (semver) {
        return SemanticVersion.compare(a, e) == 0;
      }
      Optional<Instant> da = Dates.parseInstant(a);
      if (da.isPresent()) {
        Optional<Instant> de = Dates.parseInstant(e);
        return de.isPresent() && da.get().equals(de.get());
      }
      return false;
    }
    return actual.equals(expected);
  }

  /** Order of two values of the same kind, or {@link #INCOMPARABLE}. */
  static int compare(JsonNode actual, JsonNode operand, boolean semver) {
    if (bothWhole(actual, operand)) {
      return Long.compare(actual.longValue(), operand.longValue());
    }
    if (actual.isNumber() && operand.isNumber()) {
      return actual.decimalValue().compareTo(operand.decimalValue());
    }
    if (actual.isTextual() && operand.isTextual()) {
      String a = actual.asText();
      String o = operand.asText();
      if (semver) {
        return SemanticVersion.compare(a, o);
      }
      Optional<Instant> operandDate = Dates.parseInstant(o);
      if (operandDate.isPresent()) {
        Optional<Instant> actualDate = Dates.parseInstant(a);
        return actualDate.map(d -> d.compareTo(operandDate.get())).orElse(INCOMPARABLE);
      }
      return Integer.signum(a.compareTo(o));
    }
    return INCOMPARABLE;
  }

  /**
   * A computed number as a node: whole numbers (sums of whole revenues, mostly) as longs, so that
   * comparing them with the whole thresholds segments name takes the allocation-free path.
   */
  static JsonNode number(BigDecimal value) {
    return value.scale() == 0 && value.precision() <= 18
        ? LongNode.valueOf(value.longValue())
        : DecimalNode.valueOf(value);
  }

  /** Two whole numbers that fit a long: compared without BigDecimal, which is exact anyway. */
  private static boolean bothWhole(JsonNode a, JsonNode b) {
    return a.isIntegralNumber()
        && b.isIntegralNumber()
        && a.canConvertToLong()
        && b.canConvertToLong();
  }

  static boolean contains(JsonNode actual, JsonNode operand) {
    if (actual.isTextual()) {
      return operand.isTextual() && actual.asText().contains(operand.asText());
    }
    if (actual.isArray()) {
      for (JsonNode element : actual) {
        if (equal(element, operand, false)) {
          return true;
        }
      }
    }
    return false;
  }
}
