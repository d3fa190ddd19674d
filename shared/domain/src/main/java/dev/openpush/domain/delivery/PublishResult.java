package dev.openpush.domain.delivery;

/** What the push service said to one message. */
public sealed interface PublishResult {
  /** Accepted for delivery. */
  record Accepted(String messageId) implements PublishResult {}

  /** The endpoint is disabled or its token invalid: mark the device invalid, never retry. */
  record DeviceGone(String detail) implements PublishResult {}

  /** Refused for another reason the SDK's retries did not overcome. */
  record Refused(String detail) implements PublishResult {}
}
