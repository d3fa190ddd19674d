package dev.openpush.domain.event;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * ISO-8601 dates as the contract reads them: a date alone is midnight UTC, a date-time without an
 * offset is UTC.
 */
public final class Dates {
  private Dates() {}

  /** The instant a string denotes, or empty when it is not in ISO-8601 date or date-time form. */
  public static Optional<Instant> parseInstant(String s) {
    // Cheap shape test first: most strings compared are not dates.
    if (s.length() < 10 || s.length() > 40 || s.charAt(4) != '-' || s.charAt(7) != '-') {
      return Optional.empty();
    }
    try {
      if (s.length() == 10) {
        return Optional.of(LocalDate.parse(s).atStartOfDay(ZoneOffset.UTC).toInstant());
      }
      char last = s.charAt(s.length() - 1);
      boolean hasOffset =
          last == 'Z' || last == 'z' || s.lastIndexOf('+') > 10 || s.lastIndexOf('-') > 10;
      if (hasOffset) {
        return Optional.of(OffsetDateTime.parse(s.toUpperCase()).toInstant());
      }
      return Optional.of(LocalDateTime.parse(s).toInstant(ZoneOffset.UTC));
    } catch (DateTimeParseException e) {
      return Optional.empty();
    }
  }
}
