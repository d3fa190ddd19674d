package dev.openpush.domain.delivery;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.zone.ZoneOffsetTransition;
import java.util.Optional;

/**
 * A nightly window, {@code [start, end)} in the user's wall-clock time, when no message goes out;
 * it crosses midnight when {@code end} is not after {@code start} ("22:00" to "08:00"), and is
 * empty when they are equal.
 *
 * <p>The window is a span of instants, not a test of the clock face: it begins at the first instant
 * the wall clock reads {@code start} and ends at the first instant after that it reads {@code end}.
 * A time the clock skips (spring forward) is reached when the clock jumps past it; a time it shows
 * twice (fall back) ends the window at its first showing, so the repeated hour is not quiet a
 * second time.
 */
public record QuietHours(LocalTime start, LocalTime end) {

  /** When the window that holds {@code now} ends, or empty if {@code now} is outside one. */
  public Optional<Instant> endOfWindowAround(Instant now, ZoneId zone) {
    if (start.equals(end)) {
      return Optional.empty();
    }
    LocalDate today = LocalDate.ofInstant(now, zone);
    // The window holding now began today or, crossing midnight, yesterday.
    for (LocalDate night : new LocalDate[] {today, today.minusDays(1)}) {
      Instant begins = firstReading(night, start, zone);
      Instant ends = firstReading(end.isAfter(start) ? night : night.plusDays(1), end, zone);
      if (!now.isBefore(begins) && now.isBefore(ends)) {
        return Optional.of(ends);
      }
    }
    return Optional.empty();
  }

  /**
   * The first instant the wall clock in {@code zone} reads {@code time} on {@code date}, or passes
   * it.
   */
  private static Instant firstReading(LocalDate date, LocalTime time, ZoneId zone) {
    var wallClock = date.atTime(time);
    ZoneOffsetTransition transition = zone.getRules().getTransition(wallClock);
    if (transition != null && transition.isGap()) {
      return transition.getInstant();
    }
    // Outside a transition, or its overlap: atZone takes the earlier offset, the first showing.
    return wallClock.atZone(zone).toInstant();
  }
}
