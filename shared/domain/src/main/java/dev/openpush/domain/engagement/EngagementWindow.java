package dev.openpush.domain.engagement;

import java.time.Instant;
import java.time.ZoneId;
import java.util.List;

/**
 * A user's best hours of the week to receive a push (SPEC 5 {@code engagementWindow}), best first,
 * in their own time zone.
 *
 * @param modelVersion null for the fallback
 */
public record EngagementWindow(
    ZoneId zone, List<BestHour> bestHours, Source source, String modelVersion, Instant updatedAt) {
  public EngagementWindow {
    bestHours = List.copyOf(bestHours);
  }

  /** An hour of the week (0 is Monday 00:00) and the chance that a push then is opened. */
  public record BestHour(int hourOfWeek, double score) {}

  public enum Source {
    MODEL,
    FALLBACK,
    POPULATION;

    public String wireName() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }
}
