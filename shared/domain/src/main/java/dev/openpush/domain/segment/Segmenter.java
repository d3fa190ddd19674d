package dev.openpush.domain.segment;

import dev.openpush.domain.condition.Evaluator;
import dev.openpush.domain.condition.LeafFlips;
import dev.openpush.domain.condition.TimeTriggers;
import dev.openpush.domain.profile.Profile;
import dev.openpush.domain.profile.ProfileChange;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Keeps a profile's memberships and its next wake-up current (the earliest moment a leaf of a
 * time-based segment changes its answer: never later than the membership itself can change): after
 * events (only the segments the update can change), as time passes (the sweep), and for one segment
 * being built.
 */
public final class Segmenter {

  /**
   * Brings memberships up to date after {@code change}. Only the leaves that read what changed can
   * have changed their answers (time-based ones cannot have moved while the wake-up lies ahead), so
   * each is asked twice, of the profile as it was and as it is, and only the segments where one
   * flipped are evaluated. A due wake-up adds everything time-based; a merge or a new profile,
   * everything.
   */
  public List<MembershipChange> afterUpdate(
      Profile p, ProfileChange change, SegmentCatalog catalog, Instant now) {
    Pass after = new Pass(catalog, p, now);
    List<MembershipChange> changes = new ArrayList<>();
    if (change.isEverything()) {
      for (int position = 0; position < catalog.size(); position++) {
        record(p, catalog.segmentAt(position), after.holds(position), now, changes);
      }
      p.setNextWake(earliestFlip(p, catalog.timeLeaves(), catalog, now, null));
      return changes;
    }
    boolean overdue = p.nextWake() != null && !p.nextWake().isAfter(now);
    int[] read = catalog.leavesReading(change);
    Pass before = after.before(change.before(p), read);
    int[] flipped = new int[read.length];
    int flips = 0;
    for (int id : read) {
      if (after.leaf(id) != before.leaf(id)) {
        flipped[flips++] = id;
      }
    }
    for (int position : catalog.standingIn(flipped, flips)) {
      if (overdue && catalog.isTimeDependent(position)) {
        continue; // held against the stored membership below, as time has moved it too
      }
      // Stored memberships hold the answers as they were, so only a changed answer is written.
      boolean member = after.holds(position);
      if (member != before.holds(position)) {
        record(p, catalog.segmentAt(position), member, now, changes);
      }
    }
    if (overdue) {
      for (int position : catalog.timeDependentPositions()) {
        record(p, catalog.segmentAt(position), after.holds(position), now, changes);
      }
      p.setNextWake(earliestFlip(p, catalog.timeLeaves(), catalog, now, null));
    } else {
      // Leaves that read nothing changed still flip when they did, no earlier than the wake-up
      // kept.
      p.setNextWake(earliestFlip(p, read, catalog, now, p.nextWake()));
    }
    return changes;
  }

  /** What the sweep does when a profile's wake-up is due. */
  public List<MembershipChange> afterTimePassed(Profile p, SegmentCatalog catalog, Instant now) {
    Pass pass = new Pass(catalog, p, now);
    List<MembershipChange> changes = new ArrayList<>();
    for (int position : catalog.timeDependentPositions()) {
      record(p, catalog.segmentAt(position), pass.holds(position), now, changes);
    }
    p.setNextWake(earliestFlip(p, catalog.timeLeaves(), catalog, now, null));
    return changes;
  }

  /**
   * Evaluates one (new or changed) segment, as a build over stored history does. The definition
   * being built is evaluated as given, even where the catalog still holds an older one.
   */
  public List<MembershipChange> forSegment(
      Profile p, Segment segment, SegmentCatalog catalog, Instant now) {
    List<MembershipChange> changes = new ArrayList<>();
    record(p, segment, Evaluator.test(segment.condition(), p, now, catalog), now, changes);
    if (TimeTriggers.dependsOnTime(segment.condition(), catalog)) {
      Instant wake = p.nextWake() != null && p.nextWake().isAfter(now) ? p.nextWake() : null;
      Instant next = LeafFlips.earliest(segment.condition(), p, now, catalog);
      p.setNextWake(next != null && (wake == null || next.isBefore(wake)) ? next : wake);
    }
    return changes;
  }

  /** Removes every membership, as erasure or a merge into another profile does. */
  public List<MembershipChange> exitAll(Profile p, Instant now) {
    List<MembershipChange> changes = new ArrayList<>();
    for (String segmentId : p.memberships().segmentIds()) {
      changes.add(
          new MembershipChange(
              p.appId(), segmentId, p.userId(), MembershipChange.Kind.EXITED, now));
    }
    p.memberships().clear();
    p.setNextWake(null);
    return changes;
  }

  /** Removes one membership, as deleting a segment does. */
  public Optional<MembershipChange> exit(Profile p, String segmentId, Instant now) {
    if (!p.memberships().exit(segmentId)) {
      return Optional.empty();
    }
    return Optional.of(
        new MembershipChange(p.appId(), segmentId, p.userId(), MembershipChange.Kind.EXITED, now));
  }

  /**
   * Every segment the profile belongs to, computed from scratch: the reference the tests hold to.
   */
  public static Set<String> fromScratch(Profile p, SegmentCatalog catalog, Instant now) {
    Set<String> ids = new LinkedHashSet<>();
    for (Segment segment : catalog.all()) {
      if (Evaluator.test(segment.condition(), p, now, catalog)) {
        ids.add(segment.id());
      }
    }
    return ids;
  }

  /** Sets one membership to {@code member}, noting the change if there is one. */
  private static void record(
      Profile p, Segment segment, boolean member, Instant now, List<MembershipChange> changes) {
    if (member ? p.memberships().enter(segment.id(), now) : p.memberships().exit(segment.id())) {
      changes.add(
          new MembershipChange(
              p.appId(),
              segment.id(),
              p.userId(),
              member ? MembershipChange.Kind.ENTERED : MembershipChange.Kind.EXITED,
              now));
    }
  }

  /** The earliest flip of these leaves, or {@code kept} if none comes before it. */
  private static Instant earliestFlip(
      Profile p, int[] leafIds, SegmentCatalog catalog, Instant now, Instant kept) {
    Instant wake = kept;
    for (int id : leafIds) {
      Instant next = LeafFlips.ofLeaf(catalog.leaf(id), p, now, wake);
      if (next != null) {
        wake = next;
      }
    }
    return wake;
  }
}
