package dev.openpush.domain.condition;

import static dev.openpush.domain.support.Fixtures.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ComparisonTest {

  private static boolean test(String op, String value, String actual) {
    Comparison c =
        new Comparison(Operator.fromWire(op).orElseThrow(), value == null ? null : json(value));
    JsonNode a = actual == null ? null : json(actual);
    return c.test(a);
  }

  @ParameterizedTest(name = "{1} {0} {2} is {3}")
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '`',
      value = {
        "eq|'Berlin'|'Berlin'|true",
        "eq|'Berlin'|'berlin'|false",
        "eq|5|5.0|true",
        "eq|5|'5'|false",
        "neq|'Berlin'|'Paris'|true",
        "neq|'Berlin'|'Berlin'|false",
        "gt|5|6|true",
        "gt|5|5|false",
        "gt|5|'6'|false",
        "gte|5|5|true",
        "lt|5|4.5|true",
        "lt|5|'abc'|false",
        "lte|5|5|true",
        "lte|5|6|false",
        "in|['ios','android']|'ios'|true",
        "in|['ios','android']|'web'|false",
        "in|[1,2]|2.0|true",
        "contains|'erl'|'Berlin'|true",
        "contains|'ERL'|'Berlin'|false",
        "contains|'vip'|['new','vip']|true",
        "contains|'vip'|['new']|false",
        "contains|'x'|5|false",
        "startsWith|'Ber'|'Berlin'|true",
        "startsWith|'ber'|'Berlin'|false",
        "between|[1,10]|1|true",
        "between|[1,10]|10|true",
        "between|[1,10]|10.5|false",
        "between|[1,10]|'5'|false",
        "exists||''|true",
        "exists||0|true",
        "notExists||'x'|false",
        "gt|'2026-01-01'|'2026-02-01T10:00:00Z'|true",
        "lt|'2026-01-01'|'2025-12-31T23:59:59Z'|true",
        "eq|'2026-01-01'|'2026-01-01T00:00:00Z'|true",
        "gt|'2026-01-01'|'not a date'|false",
        "gt|'b'|'c'|true",
        "between|['2026-01-01','2026-01-31']|'2026-01-31'|true",
      })
  void comparesLikeTheContractSays(String op, String value, String actual, boolean expected) {
    assertThat(test(op, value, actual)).isEqualTo(expected);
  }

  @ParameterizedTest(name = "missing value under {0} is {1}")
  @CsvSource({
    "eq,false",
    "neq,true",
    "gt,false",
    "gte,false",
    "lt,false",
    "lte,false",
    "in,false",
    "contains,false",
    "startsWith,false",
    "exists,false",
    "notExists,true",
    "between,false"
  })
  void missingValueFailsEverythingButNotExistsAndNeq(String op, boolean expected) {
    String value =
        switch (op) {
          case "in", "between" -> "[1,2]";
          case "exists", "notExists" -> null;
          default -> "'x'";
        };
    assertThat(test(op, value, null)).isEqualTo(expected);
  }

  @Test
  void comparesAppVersionsAsSemanticVersions() {
    Comparison gte = new Comparison(Operator.GTE, json("'3.2.0'"), true);
    assertThat(gte.test(json("'3.10.0'"))).isTrue();
    assertThat(gte.test(json("'3.2'"))).isTrue();
    assertThat(gte.test(json("'3.1.9'"))).isFalse();
    assertThat(gte.test(json("'3.2.0-beta.1'"))).isFalse();
  }
}
