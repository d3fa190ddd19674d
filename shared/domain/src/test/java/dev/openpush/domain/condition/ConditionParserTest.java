package dev.openpush.domain.condition;

import static dev.openpush.domain.support.Fixtures.condition;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ConditionParserTest {

  @Test
  void parsesTheContractExampleIntoATypedTree() {
    Condition c =
        condition(
            """
        {'and': [
          {'trait': 'city', 'op': 'eq', 'value': 'Berlin'},
          {'event': 'Order Completed', 'within': 'P90D', 'sum': 'revenue', 'op': 'gte', 'value': 200},
          {'not': {'event': 'Application Opened', 'within': 'P14D'}},
          {'or': [{'platform': 'ios'}, {'appVersion': {'op': 'gte', 'value': '3.2.0'}}]},
          {'segment': 'seg-vip'}]}""");

    Condition.And and = (Condition.And) c;
    assertThat(and.all()).hasSize(5);
    Condition.Event order = (Condition.Event) and.all().get(1);
    assertThat(order.within()).isEqualTo(Duration.ofDays(90));
    assertThat(order.aggregate().kind()).isEqualTo(Aggregate.Kind.SUM);
    assertThat(order.path()).isEqualTo("condition.and[1]");
    Condition.Or or = (Condition.Or) and.all().get(3);
    assertThat(((Condition.Context) or.any().get(1)).comparison().semver()).isTrue();
    assertThat(((Condition.SegmentRef) and.all().get(4)).segmentId()).isEqualTo("seg-vip");
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '`',
      value = {
        "{'and':[{'trait':'a','op':'eq','value':1},{'trait':'b','op':'eq','value':1},{'trait':'city','op':'greater','value':1}]}|condition.and[2].op: unknown operator \"greater\"",
        "{'trait':'a','op':'in','value':'x'}|condition.value: in takes a non-empty array",
        "{'trait':'a','op':'between','value':[1]}|condition.value: between takes [low, high]",
        "{'trait':'a','op':'exists','value':1}|condition.value: exists takes no value",
        "{'trait':'a','op':'eq'}|condition.value: eq needs a value",
        "{'event':'X','within':'P1M'}|condition.within: \"P1M\": months and years have no fixed length; use days or weeks (P30D)",
        "{'event':'X','within':'soon'}|condition.within: \"soon\": not an ISO-8601 duration",
        "{'event':'X','op':'gt','value':1}|condition: op and value on an event need an aggregate (sum, avg, min, max) or count",
        "{'event':'X','where':[{'property':'p','op':'nope','value':1}]}|condition.where[0].op: unknown operator \"nope\"",
        "{'computed':'ltv','op':'gt','value':1}|condition.computed: unknown computed value \"ltv\" (recencyDays, frequency90d, monetary90d, lastSeenDays)",
        "{'or':[]}|condition.or: must be a non-empty array of conditions",
        "{'not':{'colour':'red'}}|condition.not: unknown condition \"colour\"",
        "{'trait':'a','op':'eq','value':1,'extra':true}|condition.extra: not allowed here",
        "{'platform':{'op':'eq'}}|condition.platform.value: eq needs a value",
        "{'event':'X','within':'P999999999D'}|condition.within: \"P999999999D\": at most P400D, the history kept for each user",
        "{'trait':'t','within':'P999999999999W'}|condition.within: \"P999999999999W\": not an ISO-8601 duration of at most P400D",
        "{'computed':'monetary90d','op':'gt','value':1e999999999}|condition.value: the number is outside the supported range (magnitude 1E-130 to 9.99E+125)",
        "{'trait':'a','op':'in','value':[1,[2]]}|condition.value[1]: must be a single value",
        "{'trait':'a','op':'between','value':[1,1e200]}|condition.value[1]: the number is outside the supported range (magnitude 1E-130 to 9.99E+125)",
      })
  void refusesInvalidDefinitionsNamingTheBadPart(String definition, String message) {
    assertThatThrownBy(() -> condition(definition))
        .isInstanceOf(InvalidDefinitionException.class)
        .hasMessage(message);
  }

  @Test
  void inListsAndStringsHaveDocumentedLimits() {
    String thousand = "[" + "'x',".repeat(999) + "'x']";
    assertThat(condition("{'trait':'a','op':'in','value':" + thousand + "}")).isNotNull();
    String tooMany = "[" + "'x',".repeat(1000) + "'x']";
    assertThatThrownBy(() -> condition("{'trait':'a','op':'in','value':" + tooMany + "}"))
        .hasMessage("condition.value: in takes at most 1000 values");
    String longString = "'" + "y".repeat(1025) + "'";
    assertThatThrownBy(() -> condition("{'trait':'a','op':'eq','value':" + longString + "}"))
        .hasMessage("condition.value: strings are at most 1024 characters");
  }

  @Test
  void windowsUpToTheHistoryRetentionAreAccepted() {
    assertThat(Durations.parse("P400D")).isEqualTo(Duration.ofDays(400));
    assertThatThrownBy(() -> Durations.parse("P401D")).hasMessageContaining("P400D");
  }

  @Test
  void acceptsIsoDurationsWithWeeksDaysAndTime() {
    assertThat(Durations.parse("P2W")).isEqualTo(Duration.ofDays(14));
    assertThat(Durations.parse("P1DT12H")).isEqualTo(Duration.ofHours(36));
    assertThat(Durations.parse("PT30M")).isEqualTo(Duration.ofMinutes(30));
  }
}
