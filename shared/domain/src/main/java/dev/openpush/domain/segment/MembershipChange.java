package dev.openpush.domain.segment;

import java.time.Instant;

/** A user entering or leaving a segment: what triggered campaigns consume. */
public record MembershipChange(
    String appId, String segmentId, String userId, Kind kind, Instant at) {
  public enum Kind {
    ENTERED,
    EXITED
  }
}
