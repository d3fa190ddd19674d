package dev.openpush.domain.segment;

import dev.openpush.domain.condition.Condition;
import dev.openpush.domain.condition.InvalidDefinitionException;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * Which segments refer to which, read from the parsed conditions alone: checking a definition needs
 * no compiled {@link SegmentCatalog}.
 */
public final class SegmentReferences {
  private SegmentReferences() {}

  /**
   * Refuses a definition that refers to a segment that does not exist or that would close a cycle.
   *
   * @param candidate the segment being created or changed (may replace one with the same id)
   * @param existing the app's segments as stored
   */
  public static void check(Segment candidate, Collection<Segment> existing) {
    Map<String, Segment> next = new HashMap<>();
    existing.forEach(s -> next.put(s.id(), s));
    next.put(candidate.id(), candidate);
    for (Condition.SegmentRef ref : SegmentCatalog.references(candidate.condition())) {
      if (!next.containsKey(ref.segmentId())) {
        throw new InvalidDefinitionException(
            ref.path() + ".segment", "no segment \"" + ref.segmentId() + "\" in this app");
      }
    }
    // Depth-first from the candidate: reaching it again means a cycle.
    for (Condition.SegmentRef ref : SegmentCatalog.references(candidate.condition())) {
      Deque<String> stack = new ArrayDeque<>();
      Set<String> seen = new HashSet<>();
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
          SegmentCatalog.references(referenced.condition()).forEach(r -> stack.push(r.segmentId()));
        }
      }
    }
  }

  /** The segments whose conditions name {@code segmentId} directly. */
  public static Set<String> referrersOf(String segmentId, Collection<Segment> all) {
    Set<String> ids = new LinkedHashSet<>();
    for (Segment s : all) {
      if (!s.id().equals(segmentId)
          && SegmentCatalog.references(s.condition()).stream()
              .anyMatch(r -> r.segmentId().equals(segmentId))) {
        ids.add(s.id());
      }
    }
    return ids;
  }
}
