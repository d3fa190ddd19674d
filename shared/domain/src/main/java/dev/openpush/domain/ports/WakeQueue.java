package dev.openpush.domain.ports;

import java.time.Instant;
import java.util.List;

/** Profiles whose memberships may change by time alone, by when. */
public interface WakeQueue {
  /** Users whose wake-up falls in {@code (after, until]}. */
  List<UserRef> due(Instant after, Instant until);

  /** How far the sweep has got; the start of time on first use. */
  Instant sweptUntil();

  void markSweptUntil(Instant until);
}
