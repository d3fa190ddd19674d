package dev.openpush.domain.condition;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.IntNode;
import dev.openpush.domain.event.Event;
import dev.openpush.domain.json.Json;
import dev.openpush.domain.profile.History;
import dev.openpush.domain.profile.Profile;
import dev.openpush.domain.profile.StoredEvent;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.NavigableSet;
import java.util.TreeSet;

/**
 * The earliest moment any leaf of a condition changes its answer with no new event. A condition
 * cannot change before one of its leaves does, so this is a safe time to look again, and it is
 * found in one pass over each leaf's events: what the ingest path can afford on every update.
 */
public final class LeafFlips {
  private LeafFlips() {}

  /** Moments a {@link #nextChange} steps through before it settles for a moment to look again. */
  static final int MAX_STEPS = 64;

  /**
   * The first moment after {@code now} at which the condition's answer differs from its answer now,
   * or null when time alone never changes it: the condition is asked at each moment one of its
   * leaves flips, in order. When the search is cut short it answers the moment to look again, never
   * later than the true change. The stored wake-up is the first of those moments ({@link
   * #earliest}); explain shows this one: one algorithm, two uses.
   */
  public static Instant nextChange(Condition c, Profile p, Instant now, SegmentResolver segments) {
    boolean current = Evaluator.test(c, p, now, segments);
    Instant at = now;
    for (int step = 0; step < MAX_STEPS; step++) {
      Instant flip = earliest(c, p, at, segments);
      if (flip == null || !flip.isAfter(at)) {
        return null;
      }
      if (Evaluator.test(c, p, flip, segments) != current) {
        return flip;
      }
      at = flip;
    }
    return at;
  }

  /** Null when no leaf changes with time alone. */
  public static Instant earliest(Condition c, Profile p, Instant now, SegmentResolver segments) {
    return earliest(c, p, now, segments, 0);
  }

  private static Instant earliest(
      Condition c, Profile p, Instant now, SegmentResolver segments, int depth) {
    return switch (c) {
      case Condition.And and -> min(and.all(), p, now, segments, depth);
      case Condition.Or or -> min(or.any(), p, now, segments, depth);
      case Condition.Not not -> earliest(not.negated(), p, now, segments, depth);
      case Condition.SegmentRef ref -> {
        Condition referenced = segments.conditionOf(ref.segmentId());
        yield referenced == null || depth > 32
            ? null
            : earliest(referenced, p, now, segments, depth + 1);
      }
      default -> ofLeaf(c, p, now, null);
    };
  }

  /**
   * The flip of one leaf if it comes before {@code bound} (any flip when the bound is null), else
   * null. The update path keeps the earliest flip of many leaves, so a leaf that cannot flip before
   * the earliest found so far is dismissed from a cheap lower bound (its first departure from the
   * window, the next whole day) without the full search.
   */
  public static Instant ofLeaf(Condition leaf, Profile p, Instant now, Instant bound) {
    Instant flip =
        switch (leaf) {
          case Condition.Event event -> {
            if (event.within() == null) {
              yield null;
            }
            List<StoredEvent> series = p.history().named(event.name());
            int start = History.windowStart(series, now, event.within());
            yield start == series.size()
                    || !before(series.get(start).at().plus(event.within()), bound)
                ? null
                : windowFlip(
                    series.subList(start, series.size()), event, event.within(), event.aggregate());
          }
          case Condition.Computed computed -> computedFlip(computed, p, now, bound);
          case Condition.TraitWithin within -> byMoments(within, p, now, momentsOf(within, p, now));
          case Condition.Trait trait -> null;
          case Condition.Context context -> null;
          case Condition.And a -> throw notALeaf(leaf);
          case Condition.Or o -> throw notALeaf(leaf);
          case Condition.Not n -> throw notALeaf(leaf);
          case Condition.SegmentRef r -> throw notALeaf(leaf);
        };
    return flip != null && before(flip, bound) ? flip : null;
  }

  private static boolean before(Instant moment, Instant bound) {
    return bound == null || moment.isBefore(bound);
  }

  private static IllegalArgumentException notALeaf(Condition c) {
    return new IllegalArgumentException("not a leaf: " + c.path());
  }

  private static Instant min(
      List<Condition> children, Profile p, Instant now, SegmentResolver segments, int depth) {
    Instant best = null;
    for (Condition child : children) {
      Instant next = earliest(child, p, now, segments, depth);
      if (next != null && (best == null || next.isBefore(best))) {
        best = next;
      }
    }
    return best;
  }

  /**
   * Events leave the window oldest first; after the j oldest matching events have left, the
   * aggregate is over the rest. The answer first differs at the j-th departure.
   */
  private static Instant windowFlip(
      List<StoredEvent> window, Condition.Event leaf, Duration within, Aggregate aggregate) {
    if (leaf.where().isEmpty() && aggregate.kind() == Aggregate.Kind.ANY) {
      // At least one event: true until the newest one leaves.
      return window.isEmpty() ? null : window.getLast().at().plus(within);
    }
    if (aggregate.kind() == Aggregate.Kind.ANY || aggregate.kind() == Aggregate.Kind.COUNT) {
      return countFlip(window, leaf, within, aggregate);
    }
    List<StoredEvent> matching = new ArrayList<>();
    for (StoredEvent e : window) {
      if (Evaluator.matches(leaf, e)) {
        matching.add(e);
      }
    }
    String property = aggregate.property();
    return suffixFlip(matching, within, aggregate.kind(), property, aggregate.comparison());
  }

  /** Counting needs no arrays: after j departures the count is k - j. */
  private static Instant countFlip(
      List<StoredEvent> window, Condition.Event leaf, Duration within, Aggregate aggregate) {
    int k = 0;
    for (StoredEvent e : window) {
      if (Evaluator.matches(leaf, e)) {
        k++;
      }
    }
    if (k == 0) {
      return null;
    }
    boolean any = aggregate.kind() == Aggregate.Kind.ANY;
    boolean current = any || aggregate.comparison().test(IntNode.valueOf(k));
    int j = 0;
    for (StoredEvent e : window) {
      if (!Evaluator.matches(leaf, e)) {
        continue;
      }
      j++;
      boolean after = any ? k - j > 0 : aggregate.comparison().test(IntNode.valueOf(k - j));
      if (after != current) {
        return e.at().plus(within);
      }
    }
    return null;
  }

  private static Instant suffixFlip(
      List<StoredEvent> matching,
      Duration within,
      Aggregate.Kind kind,
      String property,
      Comparison comparison) {
    int k = matching.size();
    if (k == 0) {
      return null;
    }
    BigDecimal[] values = new BigDecimal[k];
    if (property != null) {
      for (int i = 0; i < k; i++) {
        JsonNode v = Json.at(matching.get(i).properties(), property);
        values[i] = v != null && v.isNumber() ? v.decimalValue() : null;
      }
    }
    // Suffix aggregates: index j covers matching[j..k).
    BigDecimal[] sum = new BigDecimal[k + 1];
    int[] numeric = new int[k + 1];
    BigDecimal[] min = new BigDecimal[k + 1];
    BigDecimal[] max = new BigDecimal[k + 1];
    sum[k] = BigDecimal.ZERO;
    for (int j = k - 1; j >= 0; j--) {
      BigDecimal v = values[j];
      sum[j] = v == null ? sum[j + 1] : sum[j + 1].add(v);
      numeric[j] = numeric[j + 1] + (v == null ? 0 : 1);
      min[j] =
          v == null
              ? min[j + 1]
              : (min[j + 1] == null || v.compareTo(min[j + 1]) < 0 ? v : min[j + 1]);
      max[j] =
          v == null
              ? max[j + 1]
              : (max[j + 1] == null || v.compareTo(max[j + 1]) > 0 ? v : max[j + 1]);
    }
    boolean current = truth(kind, comparison, k, sum[0], numeric[0], min[0], max[0]);
    for (int j = 1; j <= k; j++) {
      if (truth(kind, comparison, k - j, sum[j], numeric[j], min[j], max[j]) != current) {
        return matching.get(j - 1).at().plus(within);
      }
    }
    return null;
  }

  private static boolean truth(
      Aggregate.Kind kind,
      Comparison comparison,
      int count,
      BigDecimal sum,
      int numeric,
      BigDecimal min,
      BigDecimal max) {
    return new Aggregate(kind, null, comparison)
        .holds(Aggregate.value(kind, count, sum, numeric, min, max));
  }

  private static Instant computedFlip(
      Condition.Computed computed, Profile p, Instant now, Instant bound) {
    return switch (computed.metric()) {
      case FREQUENCY_90D, MONETARY_90D -> {
        List<StoredEvent> orders =
            History.window(p.history().named(Event.ORDER_COMPLETED), now, Evaluator.NINETY_DAYS);
        boolean frequency = computed.metric() == ComputedMetric.FREQUENCY_90D;
        yield orders.isEmpty() || !before(orders.getFirst().at().plus(Evaluator.NINETY_DAYS), bound)
            ? null
            : suffixFlip(
                orders,
                Evaluator.NINETY_DAYS,
                frequency ? Aggregate.Kind.COUNT : Aggregate.Kind.SUM,
                frequency ? null : "revenue",
                computed.comparison());
      }
      case RECENCY_DAYS, LAST_SEEN_DAYS -> {
        Instant since =
            computed.metric() == ComputedMetric.LAST_SEEN_DAYS
                ? p.lastEventAt()
                : lastOf(p.history().named(Event.ORDER_COMPLETED));
        // A count of whole days first moves at the next day boundary after now.
        if (since == null
            || !before(
                since.plus(Evaluator.DAY.multipliedBy(Evaluator.wholeDaysSince(since, now) + 1)),
                bound)) {
          yield null;
        }
        NavigableSet<Instant> moments = new TreeSet<>();
        TimeTriggers.collect(computed, p, now, SegmentResolver.NONE, moments, 0);
        yield byMoments(computed, p, now, moments);
      }
    };
  }

  private static Instant lastOf(List<StoredEvent> series) {
    return series.isEmpty() ? null : series.getLast().at();
  }

  private static NavigableSet<Instant> momentsOf(Condition leaf, Profile p, Instant now) {
    NavigableSet<Instant> moments = new TreeSet<>();
    TimeTriggers.collect(leaf, p, now, SegmentResolver.NONE, moments, 0);
    return moments;
  }

  /**
   * For leaves with a handful of candidate moments: the first at which the leaf's answer differs.
   */
  private static Instant byMoments(
      Condition leaf, Profile p, Instant now, NavigableSet<Instant> moments) {
    boolean current = Evaluator.test(leaf, p, now, SegmentResolver.NONE);
    for (Instant moment : moments) {
      if (Evaluator.test(leaf, p, moment, SegmentResolver.NONE) != current) {
        return moment;
      }
    }
    return null;
  }
}
