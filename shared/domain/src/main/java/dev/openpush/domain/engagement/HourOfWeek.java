package dev.openpush.domain.engagement;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;

/**
 * Hours of the week on a user's own wall clock (SPEC 5): Monday 00:00-00:59 is 0, Sunday
 * 23:00-23:59 is 167. Read through the time zone's rules at each instant, so that 9:00 stays 9:00
 * across daylight-saving changes.
 */
public final class HourOfWeek {
  public static final int HOURS = 168;

  private HourOfWeek() {}

  public static int of(Instant at, ZoneId zone) {
    ZonedDateTime local = at.atZone(zone);
    return (local.getDayOfWeek().getValue() - DayOfWeek.MONDAY.getValue()) * 24 + local.getHour();
  }

  /**
   * When the user's clock next reads {@code hour}: {@code after} itself if it is within that hour,
   * else the start of the next such hour. An hour the zone skips that week (the spring-forward
   * hour) is taken as the hour after it.
   */
  public static Instant next(int hour, Instant after, ZoneId zone) {
    ZonedDateTime start = after.atZone(zone).withMinute(0).withSecond(0).withNano(0);
    for (int step = 0; step <= HOURS + 1; step++) {
      ZonedDateTime candidate = start.plusHours(step);
      if (of(candidate.toInstant(), zone) == hour) {
        return candidate.toInstant().isBefore(after) ? after : candidate.toInstant();
      }
    }
    return next((hour + 1) % HOURS, after, zone);
  }
}
