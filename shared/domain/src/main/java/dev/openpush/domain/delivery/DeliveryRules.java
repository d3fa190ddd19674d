package dev.openpush.domain.delivery;

import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Every rule a message must pass before it goes out (SPEC 4), in one place, checked for every
 * message to every user. The order is the order of the checks below, and the first rule that stops
 * a message names the reason it is counted under: what the message was (a copy already sent, too
 * late), what the user chose (consent, topic), whether there is anywhere to send it (devices), and
 * then when (cooldown, caps, quiet hours).
 */
public final class DeliveryRules {
  private final DeliverySettings settings;

  public DeliveryRules(DeliverySettings settings) {
    this.settings = settings;
  }

  public Verdict check(Message message, Recipient user, Instant now) {
    for (Send sent : user.recentSends()) {
      if (sent.campaignId().equals(message.campaignId()) && sent.runId().equals(message.runId())) {
        return new Verdict.Suppress(SuppressionReason.DUPLICATE);
      }
    }
    if (message.deadline() != null && now.isAfter(message.deadline())) {
      return new Verdict.Suppress(SuppressionReason.DEADLINE);
    }
    if (!user.consent().push()) {
      return new Verdict.Suppress(SuppressionReason.CONSENT);
    }
    if (!user.consent().allowsTopic(message.topic())) {
      return new Verdict.Suppress(SuppressionReason.TOPIC);
    }
    if (user.devices().isEmpty()) {
      return new Verdict.Suppress(SuppressionReason.NO_DEVICE);
    }
    List<Device> valid = new ArrayList<>(user.devices().size());
    for (Device device : user.devices()) {
      if (device.valid()) {
        valid.add(device);
      }
    }
    if (valid.isEmpty()) {
      return new Verdict.Suppress(SuppressionReason.INVALID_DEVICE);
    }
    for (Cooldown cooldown : settings.cooldowns()) {
      Instant last = user.lastEventAt().apply(cooldown.afterEvent());
      if (last != null && now.isBefore(last.plus(cooldown.duration()))) {
        return new Verdict.Suppress(SuppressionReason.COOLDOWN);
      }
    }
    if (!message.ignoreFrequencyCaps() && overAnyCap(settings.frequencyCaps(), user, null, now)) {
      return new Verdict.Suppress(SuppressionReason.FREQUENCY_CAP);
    }
    if (overAnyCap(message.frequencyCaps(), user, message.campaignId(), now)) {
      return new Verdict.Suppress(SuppressionReason.FREQUENCY_CAP);
    }
    if (settings.quietHours() != null) {
      ZoneId zone = user.timezone() != null ? user.timezone() : settings.defaultTimezone();
      Optional<Instant> quietUntil = settings.quietHours().endOfWindowAround(now, zone);
      if (quietUntil.isPresent()) {
        if (message.dropInQuietHours()) {
          return new Verdict.Suppress(SuppressionReason.QUIET_HOURS);
        }
        Instant until = quietUntil.get();
        if (message.deadline() != null && until.isAfter(message.deadline())) {
          return new Verdict.Suppress(SuppressionReason.DEADLINE);
        }
        return new Verdict.Defer(until);
      }
    }
    return new Verdict.Deliver(List.copyOf(valid));
  }

  /**
   * Whether the user has had {@code max} messages (of {@code campaignId}, or of any campaign if
   * null) in the rolling period of any cap: the window is {@code (now - per, now]}.
   */
  private static boolean overAnyCap(
      List<FrequencyCap> caps, Recipient user, String campaignId, Instant now) {
    for (FrequencyCap cap : caps) {
      Instant since = now.minus(cap.per());
      int sent = 0;
      for (Send send : user.recentSends()) {
        if (!send.held()
            && send.at().isAfter(since)
            && !send.at().isAfter(now)
            && (campaignId == null || campaignId.equals(send.campaignId()))) {
          sent++;
        }
      }
      if (sent >= cap.max()) {
        return true;
      }
    }
    return false;
  }
}
