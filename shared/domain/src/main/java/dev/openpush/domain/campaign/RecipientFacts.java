package dev.openpush.domain.campaign;

import dev.openpush.domain.delivery.DeliverySettings;
import dev.openpush.domain.delivery.DeliveryState;
import dev.openpush.domain.delivery.Recipient;
import dev.openpush.domain.profile.DeviceContext;
import dev.openpush.domain.profile.Profile;
import dev.openpush.domain.profile.StoredEvent;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;

/**
 * What the delivery rules and local-time schedules read of one user: profile and delivery state.
 */
final class RecipientFacts {
  private RecipientFacts() {}

  /** The user as the rules see them; {@code profile} null for a user never seen by ingest. */
  static Recipient of(String userId, Profile profile, DeliveryState state) {
    return new Recipient(
        userId,
        state.consent(),
        state.devices(),
        zoneOf(profile),
        state.recentSends(),
        name -> {
          if (profile == null) {
            return null;
          }
          List<StoredEvent> events = profile.events(name);
          return events.isEmpty() ? null : events.getLast().at();
        });
  }

  /** For a local-time schedule, when the wall clock reads its time in the user's zone. */
  static Instant localStart(Campaign campaign, Profile profile, DeliverySettings appSettings) {
    if (!(campaign.schedule() instanceof Schedule.At at) || at.localTime() == null) {
      return null;
    }
    ZoneId zone = zoneOf(profile);
    return at.localTime().atZone(zone != null ? zone : appSettings.defaultTimezone()).toInstant();
  }

  /** The user's time zone, from the latest context that reported one; null if none did. */
  private static ZoneId zoneOf(Profile profile) {
    if (profile == null) {
      return null;
    }
    var tz = profile.contextValue(DeviceContext.Field.TIMEZONE);
    if (tz == null || !tz.isTextual()) {
      return null;
    }
    try {
      return ZoneId.of(tz.asText());
    } catch (DateTimeException unknown) {
      return null; // the app's default applies
    }
  }
}
