package dev.openpush.domain.condition;

import dev.openpush.domain.profile.History;
import java.time.Duration;
import java.time.Period;
import java.time.format.DateTimeParseException;

/**
 * ISO-8601 durations as the segment language takes them: weeks, days and time ({@code P2W}, {@code
 * P7D}, {@code PT30M}, {@code P1DT12H}). Months and years are refused: they have no fixed length.
 */
public final class Durations {
  /** The longest window a condition may name: the history it could look at. */
  public static final Duration MAX = History.RETENTION;

  private Durations() {}

  public static Duration parse(String text) {
    if (text == null || !text.startsWith("P") || text.length() < 3) {
      throw new IllegalArgumentException("not an ISO-8601 duration");
    }
    int t = text.indexOf('T');
    String datePart = t < 0 ? text : text.substring(0, t);
    String timePart = t < 0 ? null : "P" + text.substring(t);
    Duration total = Duration.ZERO;
    try {
      if (datePart.length() > 1) {
        Period period = Period.parse(datePart);
        if (period.getYears() != 0 || period.getMonths() != 0) {
          throw new IllegalArgumentException(
              "months and years have no fixed length; use days or weeks (P30D)");
        }
        total = total.plusDays(period.getDays());
      }
      if (timePart != null) {
        total = total.plus(Duration.parse(timePart));
      }
    } catch (DateTimeParseException | ArithmeticException e) {
      // Arithmetic: P999999999999W overflows before it can be compared with MAX.
      throw new IllegalArgumentException(
          "not an ISO-8601 duration of at most P" + MAX.toDays() + "D");
    }
    if (total.isNegative() || total.isZero()) {
      throw new IllegalArgumentException("a duration must be positive");
    }
    if (total.compareTo(MAX) > 0) {
      throw new IllegalArgumentException(
          "at most P" + MAX.toDays() + "D, the history kept for each user");
    }
    return total;
  }
}
