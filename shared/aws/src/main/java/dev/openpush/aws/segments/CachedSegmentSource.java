package dev.openpush.aws.segments;

import dev.openpush.domain.ports.SegmentRepository;
import dev.openpush.domain.ports.SegmentSource;
import dev.openpush.domain.segment.SegmentCatalog;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Each app's segment catalog, parsed and indexed once and kept for a short while, so that a warm
 * function does not re-read definitions on every batch. A changed segment is picked up within
 * {@code maxAge}; the build that follows every change covers users seen in between. Ages are
 * measured on the monotonic clock: caching is about elapsed time, not business time.
 */
public final class CachedSegmentSource implements SegmentSource {
  private record Entry(SegmentCatalog catalog, long loadedAtNanos) {}

  private final SegmentRepository repository;
  private final long maxAgeNanos;
  private final ConcurrentHashMap<String, Entry> cache = new ConcurrentHashMap<>();

  public CachedSegmentSource(SegmentRepository repository, Duration maxAge) {
    this.repository = repository;
    this.maxAgeNanos = maxAge.toNanos();
  }

  @Override
  public SegmentCatalog catalogFor(String appId) {
    if (maxAgeNanos <= 0) {
      return new SegmentCatalog(repository.all(appId));
    }
    long now = System.nanoTime();
    Entry entry = cache.get(appId);
    if (entry == null || now - entry.loadedAtNanos > maxAgeNanos) {
      entry = new Entry(new SegmentCatalog(repository.all(appId)), now);
      cache.put(appId, entry);
    }
    return entry.catalog;
  }
}
