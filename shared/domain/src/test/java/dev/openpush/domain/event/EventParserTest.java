package dev.openpush.domain.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** What the parser refuses at the door, so that nothing it accepts can break a read later. */
class EventParserTest {
  private static final Instant NOW = Instant.parse("2026-11-20T12:00:00Z");
  private final EventParser parser = new EventParser(Clock.fixed(NOW, ZoneOffset.UTC));

  private static String track(String userId, String timestamp, String properties) {
    return "{\"type\":\"track\",\"event\":\"Order Completed\",\"messageId\":\"m-1\",\"userId\":"
        + userId
        + ",\"timestamp\":\""
        + timestamp
        + "\",\"properties\":"
        + properties
        + "}";
  }

  private Event parse(String json) throws MalformedEventException {
    return parser.parse(json.getBytes(StandardCharsets.UTF_8));
  }

  @ParameterizedTest(name = "revenue {0}")
  @ValueSource(
      strings = {
        "1e999999999",
        "1e1000000",
        "-1e126",
        "1e-131",
        "123456789012345678901234567890123456789",
        "{\"nested\":[1, 2, 1E+200]}"
      })
  void numbersOutsideTheDomainAreRefusedWithThePath(String revenue) {
    assertThatThrownBy(
            () -> parse(track("\"u1\"", NOW.toString(), "{\"revenue\":" + revenue + "}")))
        .isInstanceOf(MalformedEventException.class)
        .hasMessageStartingWith("properties.revenue");
  }

  @ParameterizedTest(name = "revenue {0}")
  @ValueSource(
      strings = {
        "59.9",
        "0",
        "-0.0",
        "9.99e125",
        "1e-130",
        "12345678901234567890123456789012345678",
        "100000000000000000000000000000000000000000000000000"
      })
  void numbersInsideTheDomainAreKept(String revenue) throws Exception {
    Event e = parse(track("\"u1\"", NOW.toString(), "{\"revenue\":" + revenue + "}"));
    assertThat(e.properties().get("revenue").decimalValue())
        .isEqualByComparingTo(new java.math.BigDecimal(revenue));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "'\"jane\\u0001doe\"' | userId must not contain control characters",
        "'\"tab\\tuser\"' | userId must not contain control characters",
        "'\"a#b\"' | userId must not contain '#'",
        "'\"\\ud800x\"' | userId must not contain an unpaired surrogate",
      })
  void userIdsFollowTheOneIdRule(String userId, String reason) {
    assertThatThrownBy(() -> parse(track(userId, NOW.toString(), "{}")))
        .isInstanceOf(MalformedEventException.class)
        .hasMessage(reason);
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"0001-01-01T00:00:00Z", "1999-12-31T23:59:59Z", "9999-12-31T23:59:59Z"})
  void timestampsOutsideTheWindowAreRefused(String timestamp) {
    assertThatThrownBy(() -> parse(track("\"u1\"", timestamp, "{}")))
        .isInstanceOf(MalformedEventException.class)
        .hasMessageContaining("timestamp");
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"2000-01-01T00:00:00Z", "2026-11-21T12:00:00Z"})
  void timestampsAtTheEdgesOfTheWindowAreAccepted(String timestamp) throws Exception {
    assertThat(parse(track("\"u1\"", timestamp, "{}")).timestamp())
        .isEqualTo(Instant.parse(timestamp));
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"..", ".", "a/b", "shop#1", "ünï"})
  void appIdsFollowTheNameRule(String appId) {
    String json =
        "{\"type\":\"identify\",\"messageId\":\"m\",\"userId\":\"u\",\"appId\":\""
            + appId
            + "\",\"timestamp\":\""
            + NOW
            + "\"}";
    assertThatThrownBy(() -> parse(json))
        .isInstanceOf(MalformedEventException.class)
        .hasMessageStartingWith("appId");
  }
}
