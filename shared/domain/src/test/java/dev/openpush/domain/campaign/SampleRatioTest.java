package dev.openpush.domain.campaign;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class SampleRatioTest {

  @Test
  void aSplitIsBrokenOnlyBeyondTheChiSquaredCriticalValue() {
    double[] halves = {0.5, 0.5};

    // chi2 = 2 * 50^2 / 500 = 10.0, under the table's 10.828 for one degree of freedom at 0.001.
    SampleRatio close = SampleRatio.of(halves, new long[] {550, 450});
    // chi2 = 2 * 60^2 / 500 = 14.4, over it.
    SampleRatio broken = SampleRatio.of(halves, new long[] {560, 440});

    assertThat(close.pValue()).isCloseTo(0.001565, within(0.00001));
    assertThat(close.mismatch()).isFalse();
    assertThat(broken.pValue()).isCloseTo(0.000148, within(0.000002));
    assertThat(broken.mismatch()).isTrue();
    assertThat(SampleRatio.of(halves, new long[] {500, 500}).pValue()).isEqualTo(1.0);
  }

  @Test
  void usersInAnArmThatShouldBeEmptyAreAMismatch() {
    assertThat(SampleRatio.of(new double[] {0.9, 0.0, 0.1}, new long[] {90, 1, 10}).mismatch())
        .isTrue();
    assertThat(SampleRatio.of(new double[] {0.9, 0.0, 0.1}, new long[] {90, 0, 10}).mismatch())
        .isFalse();
    assertThat(SampleRatio.of(new double[] {1.0}, new long[] {7}).mismatch()).isFalse();
  }
}
