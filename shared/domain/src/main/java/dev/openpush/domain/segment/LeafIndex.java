package dev.openpush.domain.segment;

import dev.openpush.domain.condition.Aggregate;
import dev.openpush.domain.condition.Condition;
import dev.openpush.domain.event.Event;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Numbers the distinct leaves of a catalog's segments as they are compiled (equal leaves of
 * different segments are one question), and files each under what it reads, the segments it stands
 * in and the measure it compares.
 */
final class LeafIndex {
  final List<Condition> leaves = new ArrayList<>();
  final List<Set<Integer>> standing = new ArrayList<>();
  final Map<String, Set<Integer>> byEvent = new HashMap<>();
  final Map<String, Set<Integer>> byTrait = new HashMap<>();
  final Set<Integer> context = new LinkedHashSet<>();
  final Set<Integer> lastSeen = new LinkedHashSet<>();
  final List<Integer> measureOfLeaf = new ArrayList<>();
  private final Map<Object, Integer> byShape = new HashMap<>();
  private final Map<Object, Integer> byMeasure = new HashMap<>();

  /** The id of this leaf's question, numbering it if it is new; notes the segment it is in. */
  int number(Condition leaf, int segment) {
    Object shape = shapeOf(leaf);
    Integer id = byShape.get(shape);
    if (id == null) {
      id = leaves.size();
      byShape.put(shape, id);
      leaves.add(leaf);
      standing.add(new LinkedHashSet<>());
      indexReads(id, leaf);
      Object measure = measureOf(leaf);
      measureOfLeaf.add(
          measure == null ? -1 : byMeasure.computeIfAbsent(measure, m -> byMeasure.size()));
    }
    standing.get(id).add(segment);
    return id;
  }

  int measureCount() {
    return byMeasure.size();
  }

  /** What makes two leaves the same question, whatever segment they stand in. */
  private static Object shapeOf(Condition node) {
    return switch (node) {
      case Condition.Event e ->
          List.of("event", e.name(), e.where(), String.valueOf(e.within()), e.aggregate());
      case Condition.Computed c -> List.of("computed", c.metric(), c.comparison());
      case Condition.Trait t -> List.of("trait", t.name(), t.comparison());
      case Condition.TraitWithin t -> List.of("traitWithin", t.name(), t.within());
      case Condition.Context c -> List.of("context", c.field(), c.comparison());
      default -> throw new IllegalArgumentException("not a leaf: " + node.path());
    };
  }

  /**
   * What an event aggregate or computed leaf compares, without the threshold; null for leaves
   * answered directly ("at least one" events stop at the first match).
   */
  private static Object measureOf(Condition leaf) {
    return switch (leaf) {
      case Condition.Event e when e.aggregate().kind() != Aggregate.Kind.ANY ->
          List.of(
              "event",
              e.name(),
              e.where(),
              String.valueOf(e.within()),
              e.aggregate().kind(),
              String.valueOf(e.aggregate().property()));
      case Condition.Computed c -> List.of("computed", c.metric());
      default -> null;
    };
  }

  /** Files a new leaf under each thing it reads. */
  private void indexReads(int leaf, Condition node) {
    switch (node) {
      case Condition.Event event -> add(byEvent, event.name(), leaf);
      case Condition.Trait trait -> add(byTrait, topKey(trait.name()), leaf);
      case Condition.TraitWithin within -> add(byTrait, topKey(within.name()), leaf);
      case Condition.Context field -> {
        // A trait of the field's name overrides the device context.
        context.add(leaf);
        add(byTrait, field.field().conditionName(), leaf);
      }
      case Condition.Computed computed -> {
        switch (computed.metric()) {
          case LAST_SEEN_DAYS -> lastSeen.add(leaf);
          case RECENCY_DAYS, FREQUENCY_90D, MONETARY_90D ->
              add(byEvent, Event.ORDER_COMPLETED, leaf);
        }
      }
      default -> throw new IllegalArgumentException("not a leaf: " + node.path());
    }
  }

  private static String topKey(String dottedName) {
    int dot = dottedName.indexOf('.');
    return dot < 0 ? dottedName : dottedName.substring(0, dot);
  }

  static void add(Map<String, Set<Integer>> index, String key, int value) {
    index.computeIfAbsent(key, k -> new LinkedHashSet<>()).add(value);
  }

  static int[] toArray(Set<Integer> values) {
    return values.stream().mapToInt(Integer::intValue).toArray();
  }

  static Map<String, int[]> frozen(Map<String, Set<Integer>> index) {
    Map<String, int[]> out = new HashMap<>();
    index.forEach((key, values) -> out.put(key, toArray(values)));
    return out;
  }
}
