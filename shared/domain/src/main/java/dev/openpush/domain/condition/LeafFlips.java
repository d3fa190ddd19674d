package dev.openpush.domain.condition;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.DecimalNode;
import com.fasterxml.jackson.databind.node.IntNode;
import dev.openpush.domain.event.Event;
import dev.openpush.domain.json.Json;
import dev.openpush.domain.profile.History;
import dev.openpush.domain.profile.Profile;
import dev.openpush.domain.profile.StoredEvent;
import java.math.BigDecimal;
import java.math.MathContext;
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

  /** Empty when no leaf changes with time alone. */
  public static Instant earliest(Condition c, Profile p, Instant now, SegmentResolver segments) {
    return earliest(c, p, now, segments, LeafMemo.NONE, 0);
  }

  /** As above, sharing the flips of equal leaves in one pass. */
  public static Instant earliest(
      Condition c, Profile p, Instant now, SegmentResolver segments, LeafMemo memo) {
    return earliest(c, p, now, segments, memo, 0);
  }

  private static Instant earliest(
      Condition c, Profile p, Instant now, SegmentResolver segments, LeafMemo memo, int depth) {
    if (c instanceof Condition.Event || c instanceof Condition.Computed) {
      int id = memo.id(c);
      if (memo.knowsFlip(id)) {
        return memo.flip(id);
      }
      return memo.rememberFlip(id, leafFlip(c, p, now));
    }
    return switch (c) {
      case Condition.And and -> min(and.all(), p, now, segments, memo, depth);
      case Condition.Or or -> min(or.any(), p, now, segments, memo, depth);
      case Condition.Not not -> earliest(not.negated(), p, now, segments, memo, depth);
      case Condition.Event event -> leafFlip(event, p, now);
      case Condition.Computed computed -> leafFlip(computed, p, now);
      case Condition.TraitWithin within -> byMoments(within, p, now, momentsOf(within, p, now));
      case Condition.Trait trait -> null;
      case Condition.Context context -> null;
      case Condition.SegmentRef ref -> {
        Condition referenced = segments.conditionOf(ref.segmentId());
        yield referenced == null || depth > 32
            ? null
            : earliest(referenced, p, now, segments, memo, depth + 1);
      }
    };
  }

  /** The flip of one event or computed leaf, read from the history. */
  private static Instant leafFlip(Condition leaf, Profile p, Instant now) {
    return switch (leaf) {
      case Condition.Event event ->
          event.within() == null
              ? null
              : windowFlip(
                  History.window(p.history().named(event.name()), now, event.within()),
                  event,
                  event.within(),
                  event.aggregate());
      case Condition.Computed computed -> computedFlip(computed, p, now);
      default ->
          throw new IllegalArgumentException("not an event or computed leaf: " + leaf.path());
    };
  }

  private static Instant min(
      List<Condition> children,
      Profile p,
      Instant now,
      SegmentResolver segments,
      LeafMemo memo,
      int depth) {
    Instant best = null;
    for (Condition child : children) {
      Instant next = earliest(child, p, now, segments, memo, depth);
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
    return switch (kind) {
      case ANY -> count > 0;
      case COUNT -> comparison.test(IntNode.valueOf(count));
      case SUM -> comparison.test(DecimalNode.valueOf(sum));
      case AVG ->
          numeric > 0
              && comparison.test(
                  DecimalNode.valueOf(
                      sum.divide(BigDecimal.valueOf(numeric), MathContext.DECIMAL64)));
      case MIN -> numeric > 0 && comparison.test(DecimalNode.valueOf(min));
      case MAX -> numeric > 0 && comparison.test(DecimalNode.valueOf(max));
    };
  }

  private static Instant computedFlip(Condition.Computed computed, Profile p, Instant now) {
    return switch (computed.metric()) {
      case FREQUENCY_90D ->
          suffixFlip(
              History.window(p.history().named(Event.ORDER_COMPLETED), now, Evaluator.NINETY_DAYS),
              Evaluator.NINETY_DAYS,
              Aggregate.Kind.COUNT,
              null,
              computed.comparison());
      case MONETARY_90D ->
          suffixFlip(
              History.window(p.history().named(Event.ORDER_COMPLETED), now, Evaluator.NINETY_DAYS),
              Evaluator.NINETY_DAYS,
              Aggregate.Kind.SUM,
              "revenue",
              computed.comparison());
      case RECENCY_DAYS, LAST_SEEN_DAYS -> {
        NavigableSet<Instant> moments = new TreeSet<>();
        TimeTriggers.collect(computed, p, now, SegmentResolver.NONE, moments, 0);
        yield byMoments(computed, p, now, moments);
      }
    };
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
