package dev.openpush.domain.segment;

import dev.openpush.domain.condition.Condition;
import dev.openpush.domain.condition.Evaluator;
import dev.openpush.domain.condition.LeafFlips;
import dev.openpush.domain.condition.LeafMemo;
import dev.openpush.domain.profile.Profile;
import dev.openpush.domain.profile.ProfileChange;
import dev.openpush.domain.profile.ProfileFacts;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
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
    LeafMemo memo = catalog.newMemo();
    if (change.isEverything()) {
      List<MembershipChange> changes = evaluate(p, catalog.all(), catalog, now, memo);
      p.setNextWake(nextWake(p, catalog.timeDependent(), catalog, now, null, memo));
      return changes;
    }
    boolean overdue = p.nextWake() != null && !p.nextWake().isAfter(now);
    int[] read = catalog.leavesReading(change);
    ProfileFacts before = change.before(p);
    LeafMemo beforeMemo = catalog.newMemo();
    int[] flipped = new int[read.length];
    int flips = 0;
    for (int id : read) {
      Condition leaf = catalog.leaf(id);
      if (Evaluator.test(leaf, p, now, catalog, memo)
          != Evaluator.test(leaf, before, now, catalog, beforeMemo)) {
        flipped[flips++] = id;
      }
    }
    List<MembershipChange> changes = new ArrayList<>();
    Set<Segment> timeBased = overdue ? catalog.timeDependent() : Set.of();
    for (Segment segment : catalog.standingIn(flipped, flips)) {
      if (timeBased.contains(segment)) {
        continue; // held against the stored membership below, as time has moved it too
      }
      // Stored memberships hold the answers as they were, so only a changed answer is written.
      boolean member = Evaluator.test(segment.condition(), p, now, catalog, memo);
      if (member != Evaluator.test(segment.condition(), before, now, catalog, beforeMemo)) {
        record(p, segment, member, now, changes);
      }
    }
    changes.addAll(evaluate(p, timeBased, catalog, now, memo));
    if (overdue) {
      p.setNextWake(nextWake(p, catalog.timeDependent(), catalog, now, null, memo));
    } else {
      // Leaves that read nothing changed still flip when they did, no earlier than the wake-up
      // kept.
      Instant wake = p.nextWake();
      for (int id : read) {
        Instant next = LeafFlips.earliest(catalog.leaf(id), p, now, catalog, memo);
        if (next != null && (wake == null || next.isBefore(wake))) {
          wake = next;
        }
      }
      p.setNextWake(wake);
    }
    return changes;
  }

  /** What the sweep does when a profile's wake-up is due. */
  public List<MembershipChange> afterTimePassed(Profile p, SegmentCatalog catalog, Instant now) {
    LeafMemo memo = catalog.newMemo();
    List<MembershipChange> changes = evaluate(p, catalog.timeDependent(), catalog, now, memo);
    p.setNextWake(nextWake(p, catalog.timeDependent(), catalog, now, null, memo));
    return changes;
  }

  /** Evaluates one (new or changed) segment, as a build over stored history does. */
  public List<MembershipChange> forSegment(
      Profile p, Segment segment, SegmentCatalog catalog, Instant now) {
    LeafMemo memo = catalog.newMemo();
    List<MembershipChange> changes = evaluate(p, List.of(segment), catalog, now, memo);
    Instant kept = p.nextWake() != null && p.nextWake().isAfter(now) ? p.nextWake() : null;
    if (catalog.timeDependent().contains(segment)) {
      p.setNextWake(nextWake(p, List.of(segment), catalog, now, kept, memo));
    }
    return changes;
  }

  /** Removes every membership, as erasure or a merge into another profile does. */
  public List<MembershipChange> exitAll(Profile p, Instant now) {
    List<MembershipChange> changes = new ArrayList<>();
    for (String segmentId : p.memberships().keySet()) {
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
    if (p.memberships().remove(segmentId) == null) {
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

  private List<MembershipChange> evaluate(
      Profile p, Collection<Segment> segments, SegmentCatalog catalog, Instant now, LeafMemo memo) {
    List<MembershipChange> changes = new ArrayList<>();
    for (Segment segment : segments) {
      record(p, segment, Evaluator.test(segment.condition(), p, now, catalog, memo), now, changes);
    }
    return changes;
  }

  /** Sets one membership to {@code member}, noting the change if there is one. */
  private static void record(
      Profile p, Segment segment, boolean member, Instant now, List<MembershipChange> changes) {
    if (member
        ? p.memberships().putIfAbsent(segment.id(), now) == null
        : p.memberships().remove(segment.id()) != null) {
      changes.add(
          new MembershipChange(
              p.appId(),
              segment.id(),
              p.userId(),
              member ? MembershipChange.Kind.ENTERED : MembershipChange.Kind.EXITED,
              now));
    }
  }

  private static Instant nextWake(
      Profile p,
      Collection<Segment> segments,
      SegmentCatalog catalog,
      Instant now,
      Instant kept,
      LeafMemo memo) {
    Instant wake = kept != null && kept.isAfter(now) ? kept : null;
    for (Segment segment : segments) {
      Instant next = LeafFlips.earliest(segment.condition(), p, now, catalog, memo);
      if (next != null && (wake == null || next.isBefore(wake))) {
        wake = next;
      }
    }
    return wake;
  }
}
