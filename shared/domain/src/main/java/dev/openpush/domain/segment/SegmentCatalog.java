package dev.openpush.domain.segment;

import dev.openpush.domain.condition.Condition;
import dev.openpush.domain.condition.SegmentResolver;
import dev.openpush.domain.condition.TimeTriggers;
import dev.openpush.domain.profile.HistoryHorizons;
import dev.openpush.domain.profile.ProfileChange;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;

/**
 * The segments of one app, indexed by what they read (event names, traits, context, last-seen), so
 * that an update re-evaluates only the segments it can change. Built once per refresh.
 */
public final class SegmentCatalog implements SegmentResolver {
  private static final String ANY_EVENT = "*";

  private final Map<String, Segment> byId = new LinkedHashMap<>();
  private final Segment[] ordered;
  private final Map<String, Integer> positions = new HashMap<>();
  private final Formula[] formulas;
  private final Map<String, int[]> dependents;
  // The same by position in `ordered`, for the update path.
  private final int[][] referrersByPosition;
  private final boolean[] timeDependentAt;
  private final int[] timeDependentPositions;
  // Every distinct leaf (equal leaves of different segments are one question), the positions in
  // `ordered` of the segments it stands in, and the leaves indexed by what they read.
  private final List<Condition> leaves;
  private final int[][] segmentsWithLeaf;
  private final Map<String, int[]> leavesByEvent;
  private final Map<String, int[]> leavesByTrait;
  private final int[] contextLeaves;
  private final int[] lastSeenLeaves;
  private final int[] timeLeaves;
  // Event aggregates and computed metrics: leaves that compare the same measure (one series,
  // filter, window and aggregate) with different thresholds share its reading in a pass.
  private final int[] measures;
  private final int measureCount;
  private final HistoryHorizons horizons;
  private final ThreadLocal<PositionSet> leafScratch;
  private final ThreadLocal<PositionSet> segmentScratch;

  public SegmentCatalog(Collection<Segment> segments) {
    for (Segment segment : segments) {
      if (segment.status() != SegmentStatus.DELETING) {
        byId.put(segment.id(), segment);
      }
    }
    ordered = byId.values().toArray(new Segment[0]);
    for (int position = 0; position < ordered.length; position++) {
      positions.put(ordered[position].id(), position);
    }
    LeafIndex index = new LeafIndex();
    Map<String, Set<Integer>> referrers = new HashMap<>();
    formulas = new Formula[ordered.length];
    for (int position = 0; position < ordered.length; position++) {
      formulas[position] = compile(ordered[position].condition(), position, index, referrers);
    }
    leaves = List.copyOf(index.leaves);
    HistoryHorizons.Builder reads = new HistoryHorizons.Builder();
    for (Condition leaf : leaves) {
      if (leaf instanceof Condition.Event event) {
        reads.reads(event.name(), event.within());
      }
    }
    horizons = reads.build();
    segmentsWithLeaf = index.standing.stream().map(LeafIndex::toArray).toArray(int[][]::new);
    leavesByEvent = LeafIndex.frozen(index.byEvent);
    leavesByTrait = LeafIndex.frozen(index.byTrait);
    contextLeaves = LeafIndex.toArray(index.context);
    lastSeenLeaves = LeafIndex.toArray(index.lastSeen);
    measures = index.measureOfLeaf.stream().mapToInt(Integer::intValue).toArray();
    measureCount = index.measureCount();
    dependents = LeafIndex.frozen(referrers);
    referrersByPosition = new int[ordered.length][];
    for (int i = 0; i < ordered.length; i++) {
      referrersByPosition[i] = dependents.get(ordered[i].id());
    }
    timeLeaves =
        IntStream.range(0, leaves.size())
            .filter(id -> TimeTriggers.dependsOnTime(leaves.get(id), SegmentResolver.NONE))
            .toArray();
    int leafCount = leaves.size();
    leafScratch = ThreadLocal.withInitial(() -> new PositionSet(leafCount));
    segmentScratch = ThreadLocal.withInitial(() -> new PositionSet(ordered.length));
    timeDependentAt = new boolean[ordered.length];
    for (int position = 0; position < ordered.length; position++) {
      if (TimeTriggers.dependsOnTime(ordered[position].condition(), this)) {
        timeDependentAt[position] = true;
      }
    }
    timeDependentPositions =
        IntStream.range(0, ordered.length).filter(position -> timeDependentAt[position]).toArray();
  }

  /** A segment's condition as a {@link Formula}, its leaves numbered by {@code index}. */
  private Formula compile(
      Condition c, int segment, LeafIndex index, Map<String, Set<Integer>> referrers) {
    return switch (c) {
      case Condition.And and -> new Formula.All(compileAll(and.all(), segment, index, referrers));
      case Condition.Or or -> new Formula.Any(compileAll(or.any(), segment, index, referrers));
      case Condition.Not not -> new Formula.Not(compile(not.negated(), segment, index, referrers));
      case Condition.SegmentRef ref -> {
        LeafIndex.add(referrers, ref.segmentId(), segment);
        Integer position = positions.get(ref.segmentId());
        yield position == null ? new Formula.Never() : new Formula.Ref(position);
      }
      default -> new Formula.Leaf(index.number(c, segment));
    };
  }

  private Formula[] compileAll(
      List<Condition> parts, int segment, LeafIndex index, Map<String, Set<Integer>> referrers) {
    return parts.stream()
        .map(part -> compile(part, segment, index, referrers))
        .toArray(Formula[]::new);
  }

  int leafCount() {
    return leaves.size();
  }

  int measureCount() {
    return measureCount;
  }

  /** The measure a leaf compares, or -1 when it is answered directly. */
  int measureOf(int leafId) {
    return measures[leafId];
  }

  /** How far back the segments read each event name: what a profile's item must hold. */
  public HistoryHorizons horizons() {
    return horizons;
  }

  /** How many segments the catalog holds; positions run from 0 to this. */
  public int size() {
    return ordered.length;
  }

  public Segment segmentAt(int position) {
    return ordered[position];
  }

  Formula formulaAt(int position) {
    return formulas[position];
  }

  public static SegmentCatalog empty() {
    return new SegmentCatalog(List.of());
  }

  @Override
  public Condition conditionOf(String segmentId) {
    Segment segment = byId.get(segmentId);
    return segment == null ? null : segment.condition();
  }

  public Segment get(String segmentId) {
    return byId.get(segmentId);
  }

  public Collection<Segment> all() {
    return byId.values();
  }

  /** The distinct leaves that read something an update changed, by id. */
  public int[] leavesReading(ProfileChange change) {
    PositionSet leaves = leafScratch.get();
    try {
      if (!change.eventNames().isEmpty()) {
        leaves.addAll(leavesByEvent.get(ANY_EVENT));
        for (String name : change.eventNames()) {
          leaves.addAll(leavesByEvent.get(name));
        }
      }
      for (String trait : change.traitKeys()) {
        leaves.addAll(leavesByTrait.get(trait));
      }
      if (change.context()) {
        leaves.addAll(contextLeaves);
      }
      if (change.lastEventMoved()) {
        leaves.addAll(lastSeenLeaves);
      }
      return leaves.toArray();
    } finally {
      leaves.clear();
    }
  }

  /** The leaf with this id (one of the equal leaves it stands for). */
  public Condition leaf(int id) {
    return leaves.get(id);
  }

  /**
   * The positions of the segments the first {@code count} of these leaves stand in, and of their
   * referrers.
   */
  public int[] standingIn(int[] leafIds, int count) {
    PositionSet reached = segmentScratch.get();
    try {
      for (int i = 0; i < count; i++) {
        reached.addAll(segmentsWithLeaf[leafIds[i]]);
      }
      // Referrers of what was added are added in turn, until none is new.
      for (int k = 0; k < reached.size(); k++) {
        reached.addAll(referrersByPosition[reached.get(k)]);
      }
      return reached.toArray();
    } finally {
      reached.clear();
    }
  }

  boolean isTimeDependent(int position) {
    return timeDependentAt[position];
  }

  /** Positions of the segments whose answer can change as time passes. */
  int[] timeDependentPositions() {
    return timeDependentPositions;
  }

  /** The distinct leaves whose answer can change as time passes, with no event. */
  int[] timeLeaves() {
    return timeLeaves;
  }

  public static List<Condition.SegmentRef> references(Condition c) {
    List<Condition.SegmentRef> refs = new ArrayList<>();
    walk(
        c,
        node -> {
          if (node instanceof Condition.SegmentRef ref) {
            refs.add(ref);
          }
        });
    return refs;
  }

  private static void walk(Condition c, java.util.function.Consumer<Condition> visit) {
    visit.accept(c);
    switch (c) {
      case Condition.And and -> and.all().forEach(x -> walk(x, visit));
      case Condition.Or or -> or.any().forEach(x -> walk(x, visit));
      case Condition.Not not -> walk(not.negated(), visit);
      default -> {}
    }
  }
}
