package dev.openpush.domain.campaign;

import dev.openpush.domain.delivery.SuppressionReason;
import java.util.EnumMap;
import java.util.Map;

/**
 * What a number of users of one variant came to (SPEC 3 counting): users targeted, messages sent
 * (one per device SNS accepted), users whose messages all failed, users suppressed by the first
 * rule that stopped them, and users of a triggered campaign who left before it fired ({@code
 * exited}: its exit event came, or they were no longer in the segment), who are not targeted.
 */
public record Tally(
    long targeted, long sent, long failed, long exited, Map<SuppressionReason, Long> suppressed) {
  public static final Tally NONE = new Tally(0, 0, 0, 0, Map.of());

  public Tally {
    suppressed = Map.copyOf(suppressed);
  }

  public static Tally sentOf(int messages) {
    return new Tally(1, messages, 0, 0, Map.of());
  }

  public static Tally failedOf() {
    return new Tally(1, 0, 1, 0, Map.of());
  }

  public static Tally suppressedOf(SuppressionReason reason) {
    return new Tally(1, 0, 0, 0, Map.of(reason, 1L));
  }

  public static Tally exitedOf() {
    return new Tally(0, 0, 0, 1, Map.of());
  }

  public long suppressedTotal() {
    return suppressed.values().stream().mapToLong(Long::longValue).sum();
  }

  public Tally plus(Tally other) {
    Map<SuppressionReason, Long> reasons = new EnumMap<>(SuppressionReason.class);
    reasons.putAll(suppressed);
    other.suppressed.forEach((reason, n) -> reasons.merge(reason, n, Long::sum));
    return new Tally(
        targeted + other.targeted,
        sent + other.sent,
        failed + other.failed,
        exited + other.exited,
        reasons);
  }
}
