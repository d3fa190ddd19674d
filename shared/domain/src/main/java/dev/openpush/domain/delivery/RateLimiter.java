package dev.openpush.domain.delivery;

/**
 * Messages per second across every sender at once (SPEC 4: per campaign and per app), so that a
 * launch cannot overrun SNS's quotas or the app's own back end when users tap.
 */
public interface RateLimiter {
  /**
   * Waits until {@code messages} may go under the limit of {@code scope}, then returns. A limit of
   * 0 or less means none.
   */
  void acquire(String scope, int limitPerSecond, int messages);

  RateLimiter NONE = (scope, limit, messages) -> {};
}
