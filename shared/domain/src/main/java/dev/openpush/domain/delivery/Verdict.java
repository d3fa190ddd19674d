package dev.openpush.domain.delivery;

import java.time.Instant;
import java.util.List;

/** What the delivery rules say about one message to one user, now. */
public sealed interface Verdict {
  /** Send to these devices (each valid device of the user gets the message). */
  record Deliver(List<Device> devices) implements Verdict {}

  /** Quiet hours hold the message back until {@code until}, when the rules are asked again. */
  record Defer(Instant until) implements Verdict {}

  /** No message, for this reason: recorded and counted, never silently dropped. */
  record Suppress(SuppressionReason reason) implements Verdict {}
}
