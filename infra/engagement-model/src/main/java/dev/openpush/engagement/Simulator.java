package dev.openpush.engagement;

import dev.openpush.domain.engagement.EngagementHistory;
import dev.openpush.domain.engagement.HourOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Users whose true engagement pattern is known, and the history a product would have seen of them:
 * what training learns from and evaluation scores against.
 *
 * <p>Each user has a daily routine (a morning and an evening peak, at hours of their own), shifted
 * later and flattened at weekends, in one of several time zones (most with daylight-saving changes,
 * which the history spans); a base open rate; and an activity level (a third of users are sparse: a
 * few app opens a week). Their chance of opening a push sent at local hour {@code h} is {@code base
 * x routine(h)}; their app opens follow the same routine. Pushes are sent as marketers send them:
 * most at two fixed UTC times (so at a few local hours per zone), some at random hours.
 */
public final class Simulator {
  static final List<String> ZONES =
      List.of(
          "Europe/Paris",
          "America/New_York",
          "Asia/Tokyo",
          "Europe/London",
          "America/Los_Angeles",
          "Australia/Sydney",
          "Asia/Kolkata");

  /** The marketers' send times, UTC hours: what clusters the pushes. */
  static final int[] CAMPAIGN_HOURS_UTC = {9, 17};

  /** A simulated user: the truth, and what was observed until {@code end}. */
  public record User(EngagementHistory history, double[] trueOpenRate) {
    /** The true chance that a push at this local hour of the week is opened. */
    public double openRate(int hourOfWeek) {
      return trueOpenRate[hourOfWeek];
    }
  }

  private final Random random;

  public Simulator(long seed) {
    this.random = new Random(seed);
  }

  /** {@code count} users observed over {@code weeks} weeks ending at {@code end}. */
  public List<User> users(int count, int weeks, Instant end) {
    List<User> users = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      users.add(user("sim-" + i, weeks, end));
    }
    return users;
  }

  private User user(String id, int weeks, Instant end) {
    ZoneId zone = ZoneId.of(ZONES.get(random.nextInt(ZONES.size())));
    String cohort = random.nextBoolean() ? "ios" : "android";
    int morning = 6 + random.nextInt(4); // 6-9
    int evening = 18 + random.nextInt(5); // 18-22
    double base = 0.04 + random.nextDouble() * 0.10;
    boolean sparse = random.nextDouble() < 0.33;
    double[] routine = new double[HourOfWeek.HOURS];
    for (int h = 0; h < HourOfWeek.HOURS; h++) {
      int day = h / 24;
      int hour = h % 24;
      boolean weekend = day >= 5;
      int shift = weekend ? 2 : 0;
      double m = bump(hour, morning + shift, 1.2) * (weekend ? 0.5 : 1.0);
      double e = bump(hour, evening + (weekend ? 1 : 0), 1.5) * 1.3;
      double night = hour < 6 ? 0.1 : 0.35;
      routine[h] = night + 2.5 * m + 2.5 * e;
    }
    double[] openRate = new double[HourOfWeek.HOURS];
    for (int h = 0; h < HourOfWeek.HOURS; h++) {
      openRate[h] = Math.min(0.9, base * routine[h]);
    }
    Instant start = end.minus(Duration.ofDays(7L * weeks));
    List<Instant> appOpens = new ArrayList<>();
    List<EngagementHistory.Push> pushes = new ArrayList<>();
    double opensPerActiveHour = sparse ? 0.01 : 0.08;
    ZonedDateTime local = start.atZone(zone).withMinute(0).withSecond(0).withNano(0);
    while (local.toInstant().isBefore(end)) {
      Instant at = local.toInstant();
      int h = HourOfWeek.of(at, zone);
      if (random.nextDouble() < opensPerActiveHour * routine[h]) {
        appOpens.add(at.plusSeconds(random.nextInt(3600)));
      }
      local = local.plusHours(1);
    }
    // Campaign pushes: about four a week, mostly at the marketers' UTC hours.
    ZonedDateTime day =
        start.atZone(java.time.ZoneOffset.UTC).truncatedTo(java.time.temporal.ChronoUnit.DAYS);
    while (day.toInstant().isBefore(end)) {
      if (random.nextDouble() < 4.0 / 7) {
        int hourUtc =
            random.nextDouble() < 0.85
                ? CAMPAIGN_HOURS_UTC[random.nextInt(CAMPAIGN_HOURS_UTC.length)]
                : random.nextInt(24);
        Instant at = day.plusHours(hourUtc).toInstant().plusSeconds(random.nextInt(600));
        if (at.isBefore(end)) {
          int h = HourOfWeek.of(at, zone);
          pushes.add(new EngagementHistory.Push(at, random.nextDouble() < openRate[h]));
        }
      }
      day = day.plusDays(1);
    }
    return new User(new EngagementHistory(id, zone, cohort, pushes, appOpens), openRate);
  }

  /** A smooth daily peak around {@code center} (hours, wrapping at midnight). */
  private static double bump(int hour, int center, double width) {
    int d = Math.abs(hour - center);
    d = Math.min(d, 24 - d);
    return Math.exp(-(d * d) / (2 * width * width));
  }
}
