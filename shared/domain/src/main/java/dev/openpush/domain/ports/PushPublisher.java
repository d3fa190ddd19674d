package dev.openpush.domain.ports;

import dev.openpush.domain.delivery.PublishResult;
import java.util.concurrent.CompletableFuture;

/** Sends messages to devices through the push service (SNS mobile push), without blocking. */
@FunctionalInterface
public interface PushPublisher {
  /**
   * Publishes one SNS message ({@code MessageStructure=json}) to an endpoint. Throttling and server
   * errors are retried with back-off and jitter before an answer; the future completes with what
   * the service said of the device, or exceptionally when the service stays unavailable.
   */
  CompletableFuture<PublishResult> publish(String endpointArn, String message);
}
