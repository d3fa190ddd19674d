package dev.openpush.domain.campaign;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class LiftTest {

  @Test
  void aTwelvePercentVariantAgainstATenPercentHoldoutIsNotSignificantAtAThousandEach() {
    // Pooled rate 0.11, standard error sqrt(0.11 * 0.89 * 2 / 1000) = 0.013993, z = 1.4293;
    // a normal table gives Phi(1.43) = 0.9236, so p = 2 * (1 - 0.9236) = 0.1528.
    Lift lift = Lift.of(120, 1000, 100, 1000);

    assertThat(lift.conversionRate()).isEqualTo(0.12);
    assertThat(lift.holdoutRate()).isEqualTo(0.10);
    assertThat(lift.relativeLift()).isCloseTo(0.2, within(1e-12));
    assertThat(lift.pValue()).isCloseTo(0.1528, within(0.0005));
    // 0.02 +- 1.96 * sqrt(0.12 * 0.88 / 1000 + 0.10 * 0.90 / 1000) = 0.02 +- 0.027412
    assertThat(lift.ciLow()).isCloseTo(-0.007411, within(1e-5));
    assertThat(lift.ciHigh()).isCloseTo(0.047411, within(1e-5));
  }

  @Test
  void fifteenAgainstTwelvePercentAtTwoThousandEachIsSignificant() {
    // z = 2.776; Phi(2.78) = 0.99728 in a normal table: p = 0.0054.
    Lift lift = Lift.of(300, 2000, 240, 2000);

    assertThat(lift.pValue()).isCloseTo(0.0055, within(0.0002));
    assertThat(lift.ciLow()).isCloseTo(0.008841, within(1e-5));
    assertThat(lift.ciHigh()).isCloseTo(0.051159, within(1e-5));
    assertThat(lift.ciLow()).isGreaterThan(0);
  }

  @Test
  void emptyGroupsAndAHoldoutWithoutConversionsGiveNoFigureTheyCannotSupport() {
    assertThat(Lift.of(0, 0, 10, 100).pValue()).isNull();
    assertThat(Lift.of(5, 100, 0, 0).pValue()).isNull();
    assertThat(Lift.of(5, 100, 0, 100).relativeLift()).isNull();
    assertThat(Lift.of(5, 100, 0, 100).pValue()).isNotNull();
    // Nobody converted on either side: nothing to test.
    assertThat(Lift.of(0, 100, 0, 100).pValue()).isNull();
  }
}
