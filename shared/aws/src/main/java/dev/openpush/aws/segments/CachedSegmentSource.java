package dev.openpush.aws.segments;

import dev.openpush.domain.ingest.SegmentSource;
import dev.openpush.domain.segment.SegmentCatalog;
import dev.openpush.domain.sweep.SegmentRepository;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Each app's segment catalog, parsed and indexed once and kept for a short while, so that a warm
 * function does not re-read definitions on every batch. A changed segment is picked up within
 * {@code maxAge}; the build that follows every change covers users seen in between.
 */
public final class CachedSegmentSource implements SegmentSource {
  private record Entry(SegmentCatalog catalog, Instant loadedAt) {}

  private final SegmentRepository repository;
  private final Duration maxAge;
  private final Clock clock;
  private final ConcurrentHashMap<String, Entry> cache = new ConcurrentHashMap<>();

  public CachedSegmentSource(SegmentRepository repository, Duration maxAge, Clock clock) {
    this.repository = repository;
    this.maxAge = maxAge;
    this.clock = clock;
  }

  @Override
  public SegmentCatalog catalogFor(String appId) {
    Instant now = clock.instant();
    Entry entry = cache.get(appId);
    if (entry == null || entry.loadedAt.plus(maxAge).isBefore(now)) {
      entry = new Entry(new SegmentCatalog(repository.all(appId)), now);
      cache.put(appId, entry);
    }
    return entry.catalog;
  }

  /** Forgets an app's catalog, after a change made in this process. */
  public void invalidate(String appId) {
    cache.remove(appId);
  }
}
