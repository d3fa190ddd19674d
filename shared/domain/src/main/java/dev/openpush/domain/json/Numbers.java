package dev.openpush.domain.json;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.util.Iterator;
import java.util.Map;

/**
 * The numeric domain of the product: DynamoDB's number type, decimals of at most {@value
 * #MAX_DIGITS} significant digits whose magnitude lies between 1E-130 and 9.99…E+125 (or zero).
 * Every number in an event or a segment definition is checked at parse time, so that sums and
 * comparisons are exact and cheap ({@code 1e999999999} would make a sum of revenues allocate a
 * billion digits) and every stored value can be written back to DynamoDB as it is.
 */
public final class Numbers {
  public static final int MAX_DIGITS = 38;
  public static final int MIN_EXPONENT = -130;
  public static final int MAX_EXPONENT = 125;

  private Numbers() {}

  /** Why a number is outside the domain, or null when it is inside. */
  public static String problem(JsonNode number) {
    if ((number.isDouble() || number.isFloat()) && !Double.isFinite(number.doubleValue())) {
      return "is not a finite number";
    }
    BigDecimal value = number.decimalValue().stripTrailingZeros();
    if (value.signum() == 0) {
      return null;
    }
    if (value.precision() > MAX_DIGITS) {
      return "has more than " + MAX_DIGITS + " significant digits";
    }
    long exponent = (long) value.precision() - value.scale() - 1;
    if (exponent > MAX_EXPONENT || exponent < MIN_EXPONENT) {
      return "is outside the supported range (magnitude 1E"
          + MIN_EXPONENT
          + " to 9.99E+"
          + MAX_EXPONENT
          + ")";
    }
    return null;
  }

  /**
   * The dotted path ({@code properties.price}, {@code traits.scores[2]}) and reason of the first
   * number under {@code node} outside the domain, or null when there is none.
   */
  public static String firstProblem(JsonNode node, String path) {
    if (node == null) {
      return null;
    }
    if (node.isNumber()) {
      String problem = problem(node);
      return problem == null ? null : path + " " + problem;
    }
    if (node.isObject()) {
      for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> field = it.next();
        String found = firstProblem(field.getValue(), path + "." + field.getKey());
        if (found != null) {
          return found;
        }
      }
    } else if (node.isArray()) {
      for (int i = 0; i < node.size(); i++) {
        String found = firstProblem(node.get(i), path + "[" + i + "]");
        if (found != null) {
          return found;
        }
      }
    }
    return null;
  }
}
