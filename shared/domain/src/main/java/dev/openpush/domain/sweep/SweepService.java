package dev.openpush.domain.sweep;

import dev.openpush.domain.ports.ConcurrentUpdateException;
import dev.openpush.domain.ports.OnConflict;
import dev.openpush.domain.ports.ProfileCommit;
import dev.openpush.domain.ports.ProfileDirectory;
import dev.openpush.domain.ports.ProfileStore;
import dev.openpush.domain.ports.SegmentRepository;
import dev.openpush.domain.ports.SegmentSource;
import dev.openpush.domain.ports.UserRef;
import dev.openpush.domain.ports.WakeQueue;
import dev.openpush.domain.profile.Profile;
import dev.openpush.domain.segment.MembershipChange;
import dev.openpush.domain.segment.Segment;
import dev.openpush.domain.segment.SegmentCatalog;
import dev.openpush.domain.segment.SegmentStatus;
import dev.openpush.domain.segment.Segmenter;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.Function;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * What the scheduled sweep does: moves users whose memberships changed with time (read from the
 * wake-up queue, never by scanning users), builds new or changed segments from stored history, and
 * clears out deleted ones. Work is resumable: a run that runs out of time continues next run.
 */
public final class SweepService {
  private static final Logger LOG = Logger.getLogger(SweepService.class.getName());
  private static final int PAGE = 100;
  private static final int ATTEMPTS = 3;

  /**
   * What one run did.
   *
   * @param skippedUsers users whose stored data could not be evaluated (logged with the reason);
   *     the run went on without them, so one user's bad data never stops a build for everyone
   */
  public record Report(
      int wokenUsers,
      int builtUsers,
      int cleanedUsers,
      int membershipChanges,
      int skippedUsers,
      List<String> segmentsLive,
      boolean finished) {}

  private final ProfileStore profiles;
  private final SegmentSource catalogs;
  private final SegmentRepository segments;
  private final WakeQueue wakeQueue;
  private final ProfileDirectory directory;
  private final Clock clock;
  private final Duration settle;
  private final Segmenter segmenter = new Segmenter();

  /**
   * @param settle how long after a definition changes every ingest function holds it (its
   *     definitions cache plus one invocation): updates re-evaluate only segments whose leaves they
   *     flip, so building earlier could leave users that a stale function then updates
   */
  public SweepService(
      ProfileStore profiles,
      SegmentSource catalogs,
      SegmentRepository segments,
      WakeQueue wakeQueue,
      ProfileDirectory directory,
      Clock clock,
      Duration settle) {
    this.profiles = profiles;
    this.catalogs = catalogs;
    this.segments = segments;
    this.wakeQueue = wakeQueue;
    this.directory = directory;
    this.clock = clock;
    this.settle = settle;
  }

  /** Runs until the work is done or {@code budget} is spent. */
  public Report run(Duration budget) {
    Instant deadline = clock.instant().plus(budget);
    int[] counts = new int[5];
    Instant now = clock.instant();
    Instant from = wakeQueue.sweptUntil();
    for (UserRef user : wakeQueue.due(from, now)) {
      if (clock.instant().isAfter(deadline)) {
        return report(counts, List.of(), false);
      }
      SegmentCatalog catalog = catalogs.catalogFor(user.appId());
      update(
          counts,
          user.appId(),
          user.userId(),
          (p) -> {
            Instant at = clock.instant();
            if (p.nextWake() == null || p.nextWake().isAfter(at)) {
              return List.of();
            }
            return segmenter.afterTimePassed(p, catalog, at);
          });
      counts[0]++;
    }
    wakeQueue.markSweptUntil(now);

    List<String> live = new java.util.ArrayList<>();
    boolean settling = false;
    for (Segment segment : segments.pendingWork()) {
      if (segment.updatedAt().plus(settle).isAfter(clock.instant())) {
        settling = true;
        continue;
      }
      boolean done =
          segment.status() == SegmentStatus.BUILDING
              ? build(segment, deadline, counts)
              : clean(segment, deadline, counts);
      if (!done) {
        return report(counts, live, false);
      }
      if (segment.status() == SegmentStatus.BUILDING) {
        live.add(segment.id());
      }
    }
    return report(counts, live, !settling);
  }

  private boolean build(Segment segment, Instant deadline, int[] counts) {
    String cursor = segments.progress(segment);
    do {
      ProfileDirectory.Page page = directory.users(segment.appId(), cursor, PAGE);
      SegmentCatalog catalog = catalogs.catalogFor(segment.appId());
      for (String userId : page.userIds()) {
        update(
            counts,
            segment.appId(),
            userId,
            p -> segmenter.forSegment(p, segment, catalog, clock.instant()));
        counts[1]++;
      }
      cursor = page.nextCursor();
      if (cursor != null) {
        segments.saveProgress(segment, cursor);
        if (clock.instant().isAfter(deadline)) {
          return false;
        }
      }
    } while (cursor != null);
    try {
      segments.replace(segment.withStatus(SegmentStatus.LIVE, clock.instant()), segment.version());
    } catch (ConcurrentUpdateException e) {
      LOG.log(
          Level.INFO,
          "segment {0} changed while building; the next run builds the new version",
          segment.id());
    }
    return true;
  }

  private boolean clean(Segment segment, Instant deadline, int[] counts) {
    while (true) {
      // Exiting members removes them from this listing, so each page starts from the top.
      ProfileDirectory.Page page = directory.members(segment.appId(), segment.id(), null, PAGE);
      if (page.userIds().isEmpty()) {
        break;
      }
      for (String userId : page.userIds()) {
        update(
            counts,
            segment.appId(),
            userId,
            p -> segmenter.exit(p, segment.id(), clock.instant()).map(List::of).orElse(List.of()));
        counts[2]++;
      }
      if (clock.instant().isAfter(deadline)) {
        return false;
      }
    }
    segments.remove(segment);
    return true;
  }

  private static Report report(int[] counts, List<String> live, boolean finished) {
    return new Report(counts[0], counts[1], counts[2], counts[3], counts[4], live, finished);
  }

  /**
   * Runs one user's change and adds the memberships it changed to the counts. A user whose stored
   * data the evaluation cannot read is counted as skipped and left as stored; a store failure ends
   * the run, which resumes from where it stood.
   */
  private void update(
      int[] counts, String appId, String userId, Function<Profile, List<MembershipChange>> change) {
    try {
      counts[3] += update(appId, userId, change);
    } catch (EvaluationFailure e) {
      counts[4]++;
      LOG.log(
          Level.WARNING,
          "skipped a user of app {0} whose stored data could not be evaluated: {1}",
          new Object[] {appId, e.getCause().toString()});
    }
  }

  /** Thrown when the evaluation of one user, not the store, failed. */
  private static final class EvaluationFailure extends RuntimeException {
    EvaluationFailure(RuntimeException cause) {
      super(cause);
    }
  }

  /** Reads, changes and commits one profile, redoing it when another writer got there first. */
  private int update(
      String appId, String userId, Function<Profile, List<MembershipChange>> change) {
    return OnConflict.retry(ATTEMPTS, () -> updateOnce(appId, userId, change), () -> {});
  }

  private int updateOnce(
      String appId, String userId, Function<Profile, List<MembershipChange>> change) {
    Profile p = profiles.load(appId, List.of(userId)).get(userId);
    if (p == null || !p.isPerson()) {
      return 0;
    }
    if (!p.archive().covers(catalogs.catalogFor(appId).horizons(), clock.instant())) {
      profiles.restoreHistory(p);
    }
    Instant wakeBefore = p.nextWake();
    List<MembershipChange> changes;
    try {
      changes = change.apply(p);
    } catch (RuntimeException e) {
      throw new EvaluationFailure(e);
    }
    if (changes.isEmpty() && java.util.Objects.equals(wakeBefore, p.nextWake())) {
      return 0;
    }
    profiles.commit(new ProfileCommit(appId, List.of(new ProfileCommit.Write(p, changes)), 0));
    return changes.size();
  }
}
