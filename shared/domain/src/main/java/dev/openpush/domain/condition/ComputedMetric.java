package dev.openpush.domain.condition;

import java.util.Optional;

/** Derived per-user values the segment language exposes by name. */
public enum ComputedMetric {
  /** Whole days since the last {@code Order Completed}. */
  RECENCY_DAYS("recencyDays"),
  /** Number of {@code Order Completed} in the last 90 days. */
  FREQUENCY_90D("frequency90d"),
  /** Sum of {@code revenue} of {@code Order Completed} in the last 90 days. */
  MONETARY_90D("monetary90d"),
  /** Whole days since any event. */
  LAST_SEEN_DAYS("lastSeenDays");

  private final String wireName;

  ComputedMetric(String wireName) {
    this.wireName = wireName;
  }

  public String wireName() {
    return wireName;
  }

  public static Optional<ComputedMetric> fromWire(String name) {
    for (ComputedMetric metric : values()) {
      if (metric.wireName.equals(name)) {
        return Optional.of(metric);
      }
    }
    return Optional.empty();
  }
}
