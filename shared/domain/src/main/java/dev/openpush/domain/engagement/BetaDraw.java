package dev.openpush.domain.engagement;

import java.util.Random;
import org.apache.commons.math3.distribution.BetaDistribution;
import org.apache.commons.math3.random.JDKRandomGenerator;

/** One draw from a Beta distribution (commons-math3), with the caller's random source. */
final class BetaDraw {
  private BetaDraw() {}

  static double sample(double alpha, double beta, Random random) {
    JDKRandomGenerator generator = new JDKRandomGenerator();
    generator.setSeed(random.nextLong());
    return new BetaDistribution(generator, alpha, beta).sample();
  }
}
