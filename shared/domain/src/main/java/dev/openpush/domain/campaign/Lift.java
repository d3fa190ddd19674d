package dev.openpush.domain.campaign;

import org.apache.commons.math3.distribution.NormalDistribution;

/**
 * How a variant's conversion rate compares with the holdout's: the two-proportion z-test (pooled
 * standard error) for the p-value, and the 95 % Wald interval of the difference in rates (variant
 * minus holdout, unpooled). {@code relativeLift} is that difference over the holdout's rate (null
 * when the holdout converted no one); the p-value is null when either group is empty or nobody and
 * everybody alike converted.
 */
public record Lift(
    double conversionRate,
    double holdoutRate,
    Double relativeLift,
    Double pValue,
    double ciLow,
    double ciHigh) {
  private static final NormalDistribution STANDARD_NORMAL = new NormalDistribution(0, 1);
  private static final double Z_95 = STANDARD_NORMAL.inverseCumulativeProbability(0.975);

  public static Lift of(
      long converted, long targeted, long holdoutConverted, long holdoutTargeted) {
    double rate = targeted == 0 ? 0 : (double) converted / targeted;
    double holdoutRate = holdoutTargeted == 0 ? 0 : (double) holdoutConverted / holdoutTargeted;
    double difference = rate - holdoutRate;
    Double relative = holdoutRate == 0 ? null : difference / holdoutRate;
    if (targeted == 0 || holdoutTargeted == 0) {
      return new Lift(rate, holdoutRate, relative, null, difference, difference);
    }
    double pooled = (double) (converted + holdoutConverted) / (targeted + holdoutTargeted);
    double pooledError =
        Math.sqrt(pooled * (1 - pooled) * (1.0 / targeted + 1.0 / holdoutTargeted));
    Double p =
        pooledError == 0
            ? null
            : 2 * STANDARD_NORMAL.cumulativeProbability(-Math.abs(difference / pooledError));
    double error =
        Math.sqrt(rate * (1 - rate) / targeted + holdoutRate * (1 - holdoutRate) / holdoutTargeted);
    return new Lift(
        rate, holdoutRate, relative, p, difference - Z_95 * error, difference + Z_95 * error);
  }
}
