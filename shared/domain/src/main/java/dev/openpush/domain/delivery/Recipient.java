package dev.openpush.domain.delivery;

import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.function.Function;

/**
 * What the delivery rules know of one user: consent, devices, their time zone (null if never
 * reported), the messages they got recently, and when they last sent an event of a name.
 */
public record Recipient(
    String userId,
    Consent consent,
    List<Device> devices,
    ZoneId timezone,
    List<Send> recentSends,
    Function<String, Instant> lastEventAt) {

  public Recipient {
    devices = List.copyOf(devices);
    recentSends = List.copyOf(recentSends);
  }
}
