package dev.openpush.domain.delivery;

import java.time.Duration;

/**
 * At most {@code max} messages to a user in any {@code per} (a rolling window: "3 per P1D" allows a
 * fourth message 24 hours after the first, not at midnight).
 */
public record FrequencyCap(int max, Duration per) {
  public FrequencyCap {
    if (max < 1 || per.isNegative() || per.isZero()) {
      throw new IllegalArgumentException("a frequency cap needs max >= 1 and a positive period");
    }
  }
}
