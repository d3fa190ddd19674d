package dev.openpush.domain.condition;

import com.fasterxml.jackson.databind.JsonNode;
import dev.openpush.domain.event.Event;
import dev.openpush.domain.profile.History;
import dev.openpush.domain.profile.Profile;
import dev.openpush.domain.profile.StoredEvent;
import java.time.Instant;
import java.util.List;
import java.util.NavigableSet;
import java.util.Optional;

/**
 * Which conditions depend on time, and the moments at which a leaf's value can move with no new
 * event (an event leaving a window, a day count crossing a compared number): the candidates {@link
 * LeafFlips} checks.
 */
public final class TimeTriggers {
  /** Day counts compared beyond this many days (about 270 years) never cross. */
  private static final double MAX_DAYS = 100_000;

  private TimeTriggers() {}

  /** Whether any leaf of the condition can change its value with time alone. */
  public static boolean dependsOnTime(Condition c, SegmentResolver segments) {
    return switch (c) {
      case Condition.And and -> and.all().stream().anyMatch(x -> dependsOnTime(x, segments));
      case Condition.Or or -> or.any().stream().anyMatch(x -> dependsOnTime(x, segments));
      case Condition.Not not -> dependsOnTime(not.negated(), segments);
      case Condition.Event event -> event.within() != null;
      case Condition.TraitWithin within -> true;
      case Condition.Computed computed -> true;
      case Condition.Trait trait -> false;
      case Condition.Context context -> false;
      case Condition.SegmentRef ref -> {
        Condition referenced = segments.conditionOf(ref.segmentId());
        yield referenced != null && dependsOnTime(referenced, segments);
      }
    };
  }

  static void collect(
      Condition c,
      Profile p,
      Instant now,
      SegmentResolver segments,
      NavigableSet<Instant> out,
      int depth) {
    switch (c) {
      case Condition.And and -> and.all().forEach(x -> collect(x, p, now, segments, out, depth));
      case Condition.Or or -> or.any().forEach(x -> collect(x, p, now, segments, out, depth));
      case Condition.Not not -> collect(not.negated(), p, now, segments, out, depth);
      case Condition.Event event -> {
        if (event.within() != null) {
          for (StoredEvent e :
              History.window(p.history().named(event.name()), now, event.within())) {
            if (Evaluator.matches(event, e)) {
              addAfter(out, e.at().plus(event.within()), now);
            }
          }
        }
      }
      case Condition.TraitWithin within -> {
        Optional<Instant> date = Evaluator.dateOf(p.trait(within.name()));
        date.ifPresent(
            d -> {
              addAfter(out, d, now);
              addAfter(out, d.plus(within.within()), now);
            });
      }
      case Condition.Computed computed -> computedMoments(computed, p, now, out);
      case Condition.Trait trait -> {}
      case Condition.Context context -> {}
      case Condition.SegmentRef ref -> {
        Condition referenced = segments.conditionOf(ref.segmentId());
        if (referenced != null && depth < 32) {
          collect(referenced, p, now, segments, out, depth + 1);
        }
      }
    }
  }

  private static void computedMoments(
      Condition.Computed computed, Profile p, Instant now, NavigableSet<Instant> out) {
    switch (computed.metric()) {
      case FREQUENCY_90D, MONETARY_90D -> {
        for (StoredEvent order :
            History.window(p.history().named(Event.ORDER_COMPLETED), now, Evaluator.NINETY_DAYS)) {
          addAfter(out, order.at().plus(Evaluator.NINETY_DAYS), now);
        }
      }
      case RECENCY_DAYS -> {
        List<StoredEvent> orders = p.history().named(Event.ORDER_COMPLETED);
        if (!orders.isEmpty()) {
          dayThresholds(orders.getLast().at(), computed.comparison(), now, out);
        }
      }
      case LAST_SEEN_DAYS -> {
        if (p.lastEventAt() != null) {
          dayThresholds(p.lastEventAt(), computed.comparison(), now, out);
        }
      }
    }
  }

  /**
   * A whole-days count only changes the answer when it crosses a number the comparison names, so
   * those crossings are the moments, not every midnight.
   */
  private static void dayThresholds(
      Instant since, Comparison comparison, Instant now, NavigableSet<Instant> out) {
    JsonNode value = comparison.value();
    if (value == null) {
      return;
    }
    Iterable<JsonNode> numbers = value.isArray() ? value : List.of(value);
    for (JsonNode number : numbers) {
      if (!number.isNumber()) {
        continue;
      }
      double x = number.doubleValue();
      if (!(x < MAX_DAYS)) {
        // Beyond any date a profile can reach (and beyond Instant's range for huge numbers).
        continue;
      }
      for (long k :
          new long[] {(long) Math.floor(x), (long) Math.floor(x) + 1, (long) Math.ceil(x)}) {
        if (k >= 1) {
          addAfter(out, since.plus(Evaluator.DAY.multipliedBy(k)), now);
        }
      }
    }
  }

  private static void addAfter(NavigableSet<Instant> out, Instant moment, Instant now) {
    if (moment.isAfter(now)) {
      out.add(moment);
    }
  }
}
