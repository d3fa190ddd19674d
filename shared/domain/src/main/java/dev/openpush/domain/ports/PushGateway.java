package dev.openpush.domain.ports;

import dev.openpush.domain.delivery.Platform;

/**
 * The push service's registry of devices (SNS platform endpoints: one per device token, under one
 * platform application per app and platform).
 */
public interface PushGateway {
  /** Whether the app has a platform application for {@code platform}. */
  boolean supports(String appId, Platform platform);

  /** Creates the endpoint for a token and answers its address (ARN). */
  String createEndpoint(String appId, Platform platform, String token);

  /** Points an existing endpoint at a new token and enables it again. */
  void updateEndpoint(String endpointArn, String token);

  /** Deletes an endpoint; one already gone is not an error. */
  void deleteEndpoint(String endpointArn);
}
