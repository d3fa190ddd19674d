package dev.openpush.domain.engagement;

import dev.openpush.domain.profile.DeviceContext;
import dev.openpush.domain.profile.Profile;
import dev.openpush.domain.profile.StoredEvent;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A user's engagement history as the model reads it, from the events their profile keeps: each
 * {@code Push Notification Received} is a push, opened if a {@code Push Notification Tapped} came
 * within an hour (a tap with no receipt reported is a push opened at once); {@code Application
 * Opened} events are the app opens. The time zone is the latest the user's context reported.
 */
public final class EngagementHistories {
  public static final String RECEIVED = "Push Notification Received";
  public static final String TAPPED = "Push Notification Tapped";
  public static final String APP_OPENED = "Application Opened";
  static final Duration OPENED_WITHIN = Duration.ofHours(1);

  private EngagementHistories() {}

  public static EngagementHistory of(Profile profile, ZoneId fallbackZone) {
    List<Instant> taps =
        new ArrayList<>(profile.events(TAPPED).stream().map(StoredEvent::at).toList());
    List<EngagementHistory.Push> pushes = new ArrayList<>();
    for (StoredEvent received : profile.events(RECEIVED)) {
      Instant at = received.at();
      Instant tap =
          taps.stream()
              .filter(t -> !t.isBefore(at) && !t.isAfter(at.plus(OPENED_WITHIN)))
              .findFirst()
              .orElse(null);
      if (tap != null) {
        taps.remove(tap);
      }
      pushes.add(new EngagementHistory.Push(at, tap != null));
    }
    taps.forEach(t -> pushes.add(new EngagementHistory.Push(t, true)));
    return new EngagementHistory(
        profile.userId(),
        zoneOf(profile, fallbackZone),
        cohortOf(profile),
        pushes,
        profile.events(APP_OPENED).stream().map(StoredEvent::at).toList());
  }

  static ZoneId zoneOf(Profile profile, ZoneId fallback) {
    var tz = profile.contextValue(DeviceContext.Field.TIMEZONE);
    if (tz != null && tz.isTextual()) {
      try {
        return ZoneId.of(tz.asText());
      } catch (DateTimeException unknown) {
        return fallback;
      }
    }
    return fallback;
  }

  private static String cohortOf(Profile profile) {
    var platform = profile.contextValue(DeviceContext.Field.PLATFORM);
    return platform != null && platform.isTextual()
        ? platform.asText().toLowerCase(Locale.ROOT)
        : "";
  }
}
