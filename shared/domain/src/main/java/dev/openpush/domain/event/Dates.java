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
    Instant utc = utcDateTime(s);
    return utc != null ? Optional.of(utc) : parseAnyForm(s);
  }

  /** {@link #parseInstant} by the {@code java.time} parsers alone. */
  static Optional<Instant> parseAnyForm(String s) {
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

  /**
   * The form nearly every event's timestamp has, {@code 2026-11-20T10:00:00.123Z} (fraction of 1 to
   * 9 digits, or none), read without a {@code java.time} parser, which is a noticeable part of
   * ingest's CPU; null for any other form, which the general parsers then read. Accepts exactly
   * what {@link OffsetDateTime#parse} accepts in this form.
   */
  static Instant utcDateTime(String s) {
    int n = s.length();
    if (n < 20 || n > 30 || s.charAt(n - 1) != 'Z' || s.charAt(10) != 'T') {
      return null;
    }
    if (s.charAt(13) != ':' || s.charAt(16) != ':') {
      return null;
    }
    int year = digits(s, 0, 4);
    int month = digits(s, 5, 2);
    int day = digits(s, 8, 2);
    int hour = digits(s, 11, 2);
    int minute = digits(s, 14, 2);
    int second = digits(s, 17, 2);
    if ((year | month | day | hour | minute | second) < 0) {
      return null;
    }
    int nanos = 0;
    if (n > 20) {
      int fraction = n - 21;
      if (s.charAt(19) != '.' || fraction < 1 || fraction > 9) {
        return null;
      }
      int value = digits(s, 20, fraction);
      if (value < 0) {
        return null;
      }
      nanos = value;
      for (int i = fraction; i < 9; i++) {
        nanos *= 10;
      }
    }
    if (month < 1
        || month > 12
        || day < 1
        || day > java.time.YearMonth.of(year, month).lengthOfMonth()
        || hour > 23
        || minute > 59
        || second > 59) {
      return null;
    }
    long days = LocalDate.of(year, month, day).toEpochDay();
    return Instant.ofEpochSecond(days * 86_400 + hour * 3_600L + minute * 60L + second, nanos);
  }

  /** The decimal number of {@code count} ASCII digits at {@code from}, or -1. */
  private static int digits(String s, int from, int count) {
    int value = 0;
    for (int i = from; i < from + count; i++) {
      char c = s.charAt(i);
      if (c < '0' || c > '9') {
        return -1;
      }
      value = value * 10 + (c - '0');
    }
    return value;
  }
}
