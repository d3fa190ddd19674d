package dev.openpush.domain.delivery;

import dev.openpush.domain.ports.DeliveryStates;
import dev.openpush.domain.ports.OnConflict;
import dev.openpush.domain.ports.PushGateway;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * Registers and removes a user's devices, with their endpoints at the push service, and keeps the
 * user's consent. A token registered again as it is changes nothing; a new token for a device
 * repoints its endpoint (and makes an invalid device valid again); a new platform replaces it.
 */
public final class Devices {
  // Registration races only with the same user's other calls: a few attempts settle it. SNS
  // answers the same endpoint for the same token, so a redone attempt creates nothing twice.
  private static final int ATTEMPTS = 5;

  private final DeliveryStates states;
  private final PushGateway gateway;
  private final Clock clock;

  public Devices(DeliveryStates states, PushGateway gateway, Clock clock) {
    this.states = states;
    this.gateway = gateway;
    this.clock = clock;
  }

  /** What a registration did: the device as stored and whether it is new. */
  public record Registration(Device device, boolean created) {}

  /** A user may hold this many devices: their delivery state stays one small item. */
  public static final int MAX_DEVICES = 50;

  /** A new device beyond {@link #MAX_DEVICES}. */
  public static final class TooManyDevicesException extends RuntimeException {
    public TooManyDevicesException() {
      super("a user may register at most " + MAX_DEVICES + " devices; remove one first");
    }
  }

  /** The platform has no platform application for the app: nothing can be sent to it. */
  public static final class PlatformNotConfiguredException extends RuntimeException {
    public PlatformNotConfiguredException(String appId, Platform platform) {
      super("app \"" + appId + "\" has no platform application for " + platform.name());
    }
  }

  public Registration register(
      String appId, String userId, String deviceId, Platform platform, String token) {
    if (!gateway.supports(appId, platform)) {
      throw new PlatformNotConfiguredException(appId, platform);
    }
    return OnConflict.retry(
        ATTEMPTS,
        () -> {
          DeliveryState state = current(appId, userId);
          Optional<Device> known = state.device(deviceId);
          Instant now = clock.instant();
          if (known.isPresent()
              && known.get().platform() == platform
              && known.get().token().equals(token)
              && known.get().valid()) {
            return new Registration(known.get(), false);
          }
          if (known.isEmpty() && state.devices().size() >= MAX_DEVICES) {
            throw new TooManyDevicesException();
          }
          String endpoint;
          if (known.isPresent() && known.get().platform() == platform) {
            endpoint = known.get().endpointArn();
            gateway.updateEndpoint(endpoint, token);
          } else {
            known.ifPresent(old -> gateway.deleteEndpoint(old.endpointArn()));
            endpoint = gateway.createEndpoint(appId, platform, token);
          }
          Device device = new Device(deviceId, platform, token, endpoint, true, now);
          states.save(state.withDevice(device));
          return new Registration(device, known.isEmpty());
        },
        () -> {});
  }

  /** Removes a device and its endpoint; false if the user had no such device. */
  public boolean remove(String appId, String userId, String deviceId) {
    return OnConflict.retry(
        ATTEMPTS,
        () -> {
          DeliveryState state = current(appId, userId);
          Optional<Device> known = state.device(deviceId);
          if (known.isEmpty()) {
            return false;
          }
          gateway.deleteEndpoint(known.get().endpointArn());
          states.save(state.withoutDevice(deviceId));
          return true;
        },
        () -> {});
  }

  /** Marks a device invalid, as the push service's refusal of its token does. */
  public void invalidate(String appId, String userId, String endpointArn) {
    invalidate(states, clock, appId, userId, endpointArn);
  }

  /**
   * The same, for a caller that only marks devices (the sender, which publishes but registers
   * nothing).
   */
  public static void invalidate(
      DeliveryStates states, Clock clock, String appId, String userId, String endpointArn) {
    OnConflict.retry(
        ATTEMPTS,
        () -> {
          DeliveryState state =
              states.find(appId, userId).orElseGet(() -> DeliveryState.none(appId, userId));
          for (Device device : state.devices()) {
            if (device.endpointArn().equals(endpointArn) && device.valid()) {
              states.save(state.withDevice(device.invalid(clock.instant())));
            }
          }
          return null;
        },
        () -> {});
  }

  public Consent setConsent(
      String appId, String userId, boolean push, Map<String, Boolean> topics) {
    return OnConflict.retry(
        ATTEMPTS,
        () -> {
          Consent consent = new Consent(push, topics, clock.instant());
          states.save(current(appId, userId).withConsent(consent));
          return consent;
        },
        () -> {});
  }

  public DeliveryState of(String appId, String userId) {
    return current(appId, userId);
  }

  /** Deletes every endpoint and the state itself: the user's part of an erasure. */
  public void forget(String appId, String userId) {
    Optional<DeliveryState> state = states.find(appId, userId);
    if (state.isEmpty()) {
      return;
    }
    for (Device device : state.get().devices()) {
      gateway.deleteEndpoint(device.endpointArn());
    }
    states.delete(appId, userId);
  }

  private DeliveryState current(String appId, String userId) {
    return states.find(appId, userId).orElseGet(() -> DeliveryState.none(appId, userId));
  }
}
