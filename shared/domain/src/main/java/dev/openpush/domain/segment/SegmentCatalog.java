package dev.openpush.domain.segment;

import dev.openpush.domain.condition.Condition;
import dev.openpush.domain.condition.InvalidDefinitionException;
import dev.openpush.domain.condition.LeafMemo;
import dev.openpush.domain.condition.SegmentResolver;
import dev.openpush.domain.condition.TimeTriggers;
import dev.openpush.domain.profile.ProfileChange;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The segments of one app, indexed by what they read (event names, traits, context, last-seen), so
 * that an update re-evaluates only the segments it can change. Built once per refresh.
 */
public final class SegmentCatalog implements SegmentResolver {
  private static final String ANY_EVENT = "*";

  private final Map<String, Segment> byId = new LinkedHashMap<>();
  // Indexes hold positions in `ordered`, so that collecting affected segments marks an array.
  private final Segment[] ordered;
  private final Map<String, Integer> positions = new HashMap<>();
  private final Map<String, Set<Integer>> byEvent = new HashMap<>();
  private final Map<String, Set<Integer>> byTrait = new HashMap<>();
  private final Set<Integer> readingContext = new LinkedHashSet<>();
  private final Set<Integer> readingLastSeen = new LinkedHashSet<>();
  private final Map<String, Set<Integer>> dependents = new HashMap<>();
  private final Set<Segment> timeDependent = new LinkedHashSet<>();
  private final Map<Condition, Integer> leafIds = new java.util.IdentityHashMap<>();
  private int distinctLeaves;

  public SegmentCatalog(Collection<Segment> segments) {
    for (Segment segment : segments) {
      if (segment.status() != SegmentStatus.DELETING) {
        byId.put(segment.id(), segment);
      }
    }
    ordered = byId.values().toArray(new Segment[0]);
    for (int i = 0; i < ordered.length; i++) {
      positions.put(ordered[i].id(), i);
    }
    Map<Object, Integer> byShape = new HashMap<>();
    for (Segment segment : byId.values()) {
      index(positions.get(segment.id()), segment.condition());
      walk(
          segment.condition(),
          node -> {
            Object shape = shapeOf(node);
            if (shape != null) {
              leafIds.put(node, byShape.computeIfAbsent(shape, k -> byShape.size()));
            }
          });
    }
    distinctLeaves = byShape.size();
    for (Segment segment : byId.values()) {
      if (TimeTriggers.dependsOnTime(segment.condition(), this)) {
        timeDependent.add(segment);
      }
    }
  }

  /** A fresh memory for one evaluation pass over one profile at one instant. */
  public LeafMemo newMemo() {
    return new LeafMemo(leafIds, distinctLeaves);
  }

  /** What makes two leaves the same question, whatever segment they stand in. */
  private static Object shapeOf(Condition node) {
    return switch (node) {
      case Condition.Event e ->
          List.of("event", e.name(), e.where(), String.valueOf(e.within()), e.aggregate());
      case Condition.Computed c -> List.of("computed", c.metric(), c.comparison());
      default -> null;
    };
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

  /** Segments whose answer can change as time passes, with no event. */
  public Set<Segment> timeDependent() {
    return timeDependent;
  }

  /** The segments an update can change, and every segment that refers to one of them. */
  public List<Segment> affectedBy(ProfileChange change) {
    if (change.isEverything()) {
      return new ArrayList<>(byId.values());
    }
    boolean[] marked = new boolean[ordered.length];
    List<Segment> affected = new ArrayList<>();
    if (!change.eventNames().isEmpty()) {
      mark(byEvent.get(ANY_EVENT), marked, affected);
      for (String name : change.eventNames()) {
        mark(byEvent.get(name), marked, affected);
      }
    }
    for (String trait : change.traitKeys()) {
      mark(byTrait.get(trait), marked, affected);
    }
    if (change.context()) {
      mark(readingContext, marked, affected);
    }
    if (change.lastEventMoved()) {
      mark(readingLastSeen, marked, affected);
    }
    for (int i = 0; i < affected.size(); i++) {
      mark(dependents.get(affected.get(i).id()), marked, affected);
    }
    return affected;
  }

  private void mark(Set<Integer> indexes, boolean[] marked, List<Segment> out) {
    if (indexes == null) {
      return;
    }
    for (int i : indexes) {
      if (!marked[i]) {
        marked[i] = true;
        out.add(ordered[i]);
      }
    }
  }

  /**
   * Refuses a definition that refers to a segment that does not exist or that would close a cycle.
   *
   * @param candidate the segment being created or changed (may replace one with the same id)
   */
  public void checkReferences(Segment candidate) {
    Map<String, Segment> next = new HashMap<>(byId);
    next.put(candidate.id(), candidate);
    for (Condition.SegmentRef ref : references(candidate.condition())) {
      if (!next.containsKey(ref.segmentId())) {
        throw new InvalidDefinitionException(
            ref.path() + ".segment", "no segment \"" + ref.segmentId() + "\" in this app");
      }
    }
    // Depth-first from the candidate: reaching it again means a cycle.
    Deque<String> stack = new ArrayDeque<>();
    Set<String> seen = new HashSet<>();
    for (Condition.SegmentRef ref : references(candidate.condition())) {
      stack.push(ref.segmentId());
      while (!stack.isEmpty()) {
        String id = stack.pop();
        if (id.equals(candidate.id())) {
          throw new InvalidDefinitionException(
              ref.path() + ".segment",
              "refers back to this segment through \"" + ref.segmentId() + "\" (a cycle)");
        }
        Segment referenced = next.get(id);
        if (referenced != null && seen.add(id)) {
          references(referenced.condition()).forEach(r -> stack.push(r.segmentId()));
        }
      }
    }
  }

  /** Ids of segments whose definitions refer to the given one. */
  public Set<String> referrersOf(String segmentId) {
    Set<String> ids = new LinkedHashSet<>();
    for (int i : dependents.getOrDefault(segmentId, Set.of())) {
      ids.add(ordered[i].id());
    }
    return ids;
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

  private void index(int segment, Condition condition) {
    walk(
        condition,
        node -> {
          switch (node) {
            case Condition.Event event -> add(byEvent, event.name(), segment);
            case Condition.Trait trait -> add(byTrait, topKey(trait.name()), segment);
            case Condition.TraitWithin within -> add(byTrait, topKey(within.name()), segment);
            case Condition.Context context -> {
              readingContext.add(segment);
              add(byTrait, context.field().conditionName(), segment);
            }
            case Condition.Computed computed -> {
              switch (computed.metric()) {
                case LAST_SEEN_DAYS -> readingLastSeen.add(segment);
                default -> add(byEvent, dev.openpush.domain.event.Event.ORDER_COMPLETED, segment);
              }
            }
            case Condition.SegmentRef ref -> add(dependents, ref.segmentId(), segment);
            default -> {}
          }
        });
  }

  private static String topKey(String dottedName) {
    int dot = dottedName.indexOf('.');
    return dot < 0 ? dottedName : dottedName.substring(0, dot);
  }

  private static void add(Map<String, Set<Integer>> index, String key, int segment) {
    index.computeIfAbsent(key, k -> new LinkedHashSet<>()).add(segment);
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
