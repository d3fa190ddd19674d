package dev.openpush.domain.delivery;

import java.time.ZoneId;
import java.util.List;

/**
 * An app's delivery rules for every campaign (SPEC 3 {@code settings}): caps on messages per user,
 * quiet hours, cooldowns after chosen events, the app's send rate and the time zone of users whose
 * own is unknown.
 *
 * @param quietHours null for none
 * @param rateLimitPerSecond 0 for no app-wide limit
 */
public record DeliverySettings(
    List<FrequencyCap> frequencyCaps,
    QuietHours quietHours,
    List<Cooldown> cooldowns,
    int rateLimitPerSecond,
    ZoneId defaultTimezone) {

  /** An app that set nothing: no caps, no quiet hours, no cooldowns, UTC. */
  public static final DeliverySettings NONE =
      new DeliverySettings(List.of(), null, List.of(), 0, ZoneId.of("UTC"));

  public DeliverySettings {
    frequencyCaps = List.copyOf(frequencyCaps);
    cooldowns = List.copyOf(cooldowns);
  }
}
