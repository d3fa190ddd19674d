package dev.openpush.domain.campaign;

import org.apache.commons.math3.stat.inference.ChiSquareTest;

/**
 * The sample-ratio-mismatch guard: if the users observed in each arm deviate from the shares the
 * weights promise by more than chance allows (chi-squared goodness of fit, p < 0.001), the split is
 * broken (a sender that skips an arm, lost records) and no lift can be trusted.
 */
public record SampleRatio(double pValue, boolean mismatch) {
  public static final double THRESHOLD = 0.001;

  /**
   * @param expectedShares each arm's share, summing to 1
   * @param observed users counted in each arm, in the same order
   */
  public static SampleRatio of(double[] expectedShares, long[] observed) {
    long total = 0;
    for (long n : observed) {
      total += n;
    }
    int arms = 0;
    for (double share : expectedShares) {
      arms += share > 0 ? 1 : 0;
    }
    if (total == 0 || arms < 2) {
      return new SampleRatio(1.0, false);
    }
    // Arms expected to be empty (weight 0) are left out: any user there is already a mismatch.
    double[] expected = new double[arms];
    long[] seen = new long[arms];
    int i = 0;
    for (int arm = 0; arm < expectedShares.length; arm++) {
      if (expectedShares[arm] > 0) {
        expected[i] = expectedShares[arm] * total;
        seen[i++] = observed[arm];
      } else if (observed[arm] > 0) {
        return new SampleRatio(0.0, true);
      }
    }
    double p = new ChiSquareTest().chiSquareTest(expected, seen);
    return new SampleRatio(p, p < THRESHOLD);
  }
}
