package dev.openpush.domain.delivery;

import java.time.Instant;

/**
 * A device registered for push: its token with the push service and the SNS endpoint that sends to
 * it. A device the push service refused (an uninstalled app, a revoked token) is {@code invalid}
 * and is not tried again until the app registers a new token.
 */
public record Device(
    String deviceId,
    Platform platform,
    String token,
    String endpointArn,
    boolean valid,
    Instant updatedAt) {

  public Device invalid(Instant at) {
    return new Device(deviceId, platform, token, endpointArn, false, at);
  }
}
