package dev.openpush.domain.ports;

import dev.openpush.domain.segment.Segment;
import java.util.List;
import java.util.Optional;

/** Stored segment definitions. Writes are conditional on the version read. */
public interface SegmentRepository {
  /** A page of an app's segments, and the cursor of the next page (null at the end). */
  record Page(List<Segment> segments, String nextCursor) {}

  Optional<Segment> find(String appId, String segmentId);

  Page list(String appId, String cursor, int limit);

  /** Every segment of the app, for building a catalog. */
  List<Segment> all(String appId);

  /** Segments still being built or deleted, across apps, for the sweep. */
  List<Segment> pendingWork();

  /**
   * @throws dev.openpush.domain.ports.ConcurrentUpdateException if the id exists
   */
  void create(Segment segment);

  /** Replaces {@code expectedVersion} with {@code segment}. */
  void replace(Segment segment, long expectedVersion);

  /** The resumable position of a build or clean-up; null when not started. */
  String progress(Segment segment);

  void saveProgress(Segment segment, String cursor);

  /** Removes the definition and whatever counts were kept for it. */
  void remove(Segment segment);
}
