package dev.openpush.domain.condition;

import static org.assertj.core.api.Assertions.assertThat;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** The allocation-free path for plain versions orders exactly as the full rules do. */
class SemanticVersionProperties {

  @Property(tries = 2000)
  void plainVersionsOrderAsTheFullRulesDo(
      @ForAll("versions") String a, @ForAll("versions") String b) {
    assertThat(SemanticVersion.compare(a, b)).isEqualTo(SemanticVersion.compareParsed(a, b));
  }

  @Provide
  Arbitrary<String> versions() {
    Arbitrary<String> part =
        Arbitraries.oneOf(
            Arbitraries.integers().between(0, 12).map(String::valueOf),
            Arbitraries.of("", "007", "10", "x", "rc1", "99999999999999999999"));
    Arbitrary<String> separator = Arbitraries.of(".", ".", ".", "-", "+", "..");
    return net.jqwik.api.Combinators.combine(part, separator, part, separator, part)
        .as((p1, s1, p2, s2, p3) -> p1 + s1 + p2 + s2 + p3)
        .injectDuplicates(0.1)
        .edgeCases(e -> e.add("3.2").add("3.2.0").add("3.").add(""));
  }
}
