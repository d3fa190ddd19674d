package dev.openpush.domain.delivery;

import dev.openpush.domain.engagement.EngagementWindow;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What the product holds to reach one user by push, beside the profile (and erased with it): their
 * consent, their devices, the messages they got recently (what caps and one-copy-per-run read) and
 * their engagement window (when to send, SPEC 5). Kept apart from the profile item so that a send
 * writes a few hundred bytes, not the profile.
 *
 * @param window the user's best hours, null until scored
 * @param version the stored version, 0 if never stored; writes are conditional on it
 */
public record DeliveryState(
    String appId,
    String userId,
    Consent consent,
    List<Device> devices,
    List<Send> recentSends,
    EngagementWindow window,
    long version) {

  public DeliveryState {
    devices = List.copyOf(devices);
    recentSends = List.copyOf(recentSends);
  }

  /** A state with no engagement window. */
  public DeliveryState(
      String appId,
      String userId,
      Consent consent,
      List<Device> devices,
      List<Send> recentSends,
      long version) {
    this(appId, userId, consent, devices, recentSends, null, version);
  }

  public DeliveryState withWindow(EngagementWindow next) {
    return new DeliveryState(appId, userId, consent, devices, recentSends, next, version);
  }

  public static DeliveryState none(String appId, String userId) {
    return new DeliveryState(appId, userId, Consent.NEVER_SET, List.of(), List.of(), 0);
  }

  public Optional<Device> device(String deviceId) {
    return devices.stream().filter(d -> d.deviceId().equals(deviceId)).findFirst();
  }

  public DeliveryState withDevice(Device device) {
    List<Device> next = new ArrayList<>();
    boolean replaced = false;
    for (Device d : devices) {
      if (d.deviceId().equals(device.deviceId())) {
        next.add(device);
        replaced = true;
      } else {
        next.add(d);
      }
    }
    if (!replaced) {
      next.add(device);
    }
    return new DeliveryState(appId, userId, consent, next, recentSends, window, version);
  }

  public DeliveryState withoutDevice(String deviceId) {
    return new DeliveryState(
        appId,
        userId,
        consent,
        devices.stream().filter(d -> !d.deviceId().equals(deviceId)).toList(),
        recentSends,
        window,
        version);
  }

  /**
   * With {@code send} added, sends older than {@code keep} before it dropped and at most {@code
   * max} kept (the newest): the item stays small whatever a user receives.
   */
  public DeliveryState withSend(Send send, java.time.Duration keep, int max) {
    java.time.Instant since = send.at().minus(keep);
    List<Send> sends = new ArrayList<>();
    for (Send earlier : recentSends) {
      if (earlier.at().isAfter(since)) {
        sends.add(earlier);
      }
    }
    sends.add(send);
    if (sends.size() > max) {
      sends = new ArrayList<>(sends.subList(sends.size() - max, sends.size()));
    }
    return new DeliveryState(appId, userId, consent, devices, sends, window, version);
  }

  public DeliveryState withConsent(Consent next) {
    return new DeliveryState(appId, userId, next, devices, recentSends, window, version);
  }
}
