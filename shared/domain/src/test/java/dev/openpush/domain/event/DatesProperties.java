package dev.openpush.domain.event;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** The fast reading of UTC timestamps agrees with java.time on every string of that shape. */
class DatesProperties {

  @Property(tries = 5000)
  void theFastPathAgreesWithJavaTime(@ForAll("timestampLike") String s) {
    Instant fast = Dates.utcDateTime(s);
    Instant slow = Dates.parseAnyForm(s).orElse(null);
    if (fast != null) {
      assertThat(fast).as(s).isEqualTo(slow);
    }
    assertThat(Dates.parseInstant(s).orElse(null)).as(s).isEqualTo(slow);
    if (s.matches("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d{1,9})?Z") && slow != null) {
      // Every well-formed timestamp of the fast shape is read by the fast path.
      assertThat(fast).as(s).isNotNull();
    }
  }

  /** Mostly well-formed timestamps, with every field now and then out of range or malformed. */
  @Provide
  Arbitrary<String> timestampLike() {
    Arbitrary<String> year = Arbitraries.integers().between(1990, 2040).map(y -> pad(y, 4));
    Arbitrary<String> month = Arbitraries.integers().between(0, 13).map(m -> pad(m, 2));
    Arbitrary<String> day = Arbitraries.integers().between(0, 32).map(d -> pad(d, 2));
    Arbitrary<String> hour = Arbitraries.integers().between(0, 24).map(h -> pad(h, 2));
    Arbitrary<String> minute = Arbitraries.integers().between(0, 60).map(m -> pad(m, 2));
    Arbitrary<String> second = Arbitraries.integers().between(0, 60).map(m -> pad(m, 2));
    Arbitrary<String> fraction =
        Arbitraries.oneOf(
            Arbitraries.just(""),
            Arbitraries.strings().numeric().ofMinLength(1).ofMaxLength(10).map(f -> "." + f),
            Arbitraries.just("."),
            Arbitraries.just(".1a"));
    Arbitrary<String> zone = Arbitraries.of("Z", "Z", "Z", "z", "+00:00", "+02:00", "");
    Arbitrary<String> separator = Arbitraries.of("T", "T", "T", "t", " ");
    return net.jqwik.api.Combinators.combine(year, month, day, hour, minute, second, fraction, zone)
        .as(
            (y, mo, d, h, mi, s, f, z) ->
                y + "-" + mo + "-" + d + "T" + h + ":" + mi + ":" + s + f + z)
        .flatMap(t -> separator.map(sep -> t.replace("T", sep)));
  }

  private static String pad(int value, int width) {
    return String.format("%0" + width + "d", value);
  }
}
