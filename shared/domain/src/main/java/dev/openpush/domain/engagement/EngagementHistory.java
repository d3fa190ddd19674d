package dev.openpush.domain.engagement;

import java.time.Instant;
import java.time.ZoneId;
import java.util.List;

/**
 * What a user's engagement says about when to reach them: the pushes they received (and whether
 * they opened each), and when they opened the app of their own accord.
 *
 * @param cohort what users like them share (their platform), for the cohort prior
 */
public record EngagementHistory(
    String userId, ZoneId zone, String cohort, List<Push> pushes, List<Instant> appOpens) {
  public EngagementHistory {
    pushes = List.copyOf(pushes);
    appOpens = List.copyOf(appOpens);
  }

  /** A push received at {@code at}; {@code opened} if it was tapped. */
  public record Push(Instant at, boolean opened) {}
}
