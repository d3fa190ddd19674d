package dev.openpush.domain.condition;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.LongNode;
import dev.openpush.domain.event.Dates;
import dev.openpush.domain.event.Event;
import dev.openpush.domain.json.Json;
import dev.openpush.domain.profile.History;
import dev.openpush.domain.profile.ProfileFacts;
import dev.openpush.domain.profile.StoredEvent;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Evaluates a {@link Condition} against a profile at a point in time. Stateless and thread-safe.
 */
public final class Evaluator {
  static final Duration DAY = Duration.ofDays(1);
  static final Duration NINETY_DAYS = Duration.ofDays(90);

  private Evaluator() {}

  public static boolean test(Condition c, ProfileFacts p, Instant now, SegmentResolver segments) {
    return switch (c) {
      case Condition.And and -> {
        for (Condition child : and.all()) {
          if (!test(child, p, now, segments)) {
            yield false;
          }
        }
        yield true;
      }
      case Condition.Or or -> {
        for (Condition child : or.any()) {
          if (test(child, p, now, segments)) {
            yield true;
          }
        }
        yield false;
      }
      case Condition.Not not -> !test(not.negated(), p, now, segments);
      case Condition.Trait trait -> trait.comparison().test(p.trait(trait.name()));
      case Condition.TraitWithin within -> traitWithin(within, p, now);
      case Condition.Event event -> event(event, p, now);
      case Condition.Computed computed -> answers(computed, computed(computed.metric(), p, now));
      case Condition.Context context -> context.comparison().test(p.contextValue(context.field()));
      case Condition.SegmentRef ref -> {
        Condition referenced = segments.conditionOf(ref.segmentId());
        yield referenced != null && test(referenced, p, now, segments);
      }
    };
  }

  /**
   * The value a leaf compares, as {@code explain} shows it: the trait, the aggregate, the computed
   * number, the context value, or membership of the referenced segment. Null when missing.
   */
  public static JsonNode valueOf(
      Condition leaf, ProfileFacts p, Instant now, SegmentResolver segments) {
    return switch (leaf) {
      case Condition.Trait trait -> p.trait(trait.name());
      case Condition.TraitWithin within -> p.trait(within.name());
      case Condition.Event event -> aggregateValue(event, p, now);
      case Condition.Computed computed -> computed(computed.metric(), p, now);
      case Condition.Context context -> p.contextValue(context.field());
      case Condition.SegmentRef ref -> BooleanNode.valueOf(test(ref, p, now, segments));
      case Condition.And a -> null;
      case Condition.Or o -> null;
      case Condition.Not n -> null;
    };
  }

  private static boolean traitWithin(Condition.TraitWithin within, ProfileFacts p, Instant now) {
    Optional<Instant> date = dateOf(p.trait(within.name()));
    return date.isPresent()
        && date.get().isAfter(now.minus(within.within()))
        && !date.get().isAfter(now);
  }

  static Optional<Instant> dateOf(JsonNode value) {
    return value != null && value.isTextual()
        ? Dates.parseInstant(value.asText())
        : Optional.empty();
  }

  private static boolean event(Condition.Event leaf, ProfileFacts p, Instant now) {
    Aggregate aggregate = leaf.aggregate();
    if (aggregate.kind() == Aggregate.Kind.ANY) {
      List<StoredEvent> series = p.events(leaf.name());
      int start = History.windowStart(series, now, leaf.within());
      if (leaf.where().isEmpty()) {
        return start < series.size();
      }
      for (int i = start; i < series.size(); i++) {
        if (matches(leaf, series.get(i))) {
          return true;
        }
      }
      return false;
    }
    return answers(leaf, aggregateValue(leaf, p, now));
  }

  /**
   * The answer of an event or computed leaf given the {@link #valueOf value} it compares: how a
   * pass asks many leaves that measure the same thing (the revenue of the last 90 days against
   * several thresholds) from one reading of the history.
   */
  public static boolean answers(Condition leaf, JsonNode value) {
    return switch (leaf) {
      case Condition.Event event -> event.aggregate().holds(value);
      case Condition.Computed computed -> computed.comparison().test(value);
      default -> throw new IllegalArgumentException("compares no measured value: " + leaf.path());
    };
  }

  /** Count, sum, avg, min or max over the matching events; null where the contract says false. */
  static JsonNode aggregateValue(Condition.Event leaf, ProfileFacts p, Instant now) {
    List<StoredEvent> series = History.window(p.events(leaf.name()), now, leaf.within());
    Aggregate aggregate = leaf.aggregate();
    if (aggregate.kind() == Aggregate.Kind.ANY || aggregate.kind() == Aggregate.Kind.COUNT) {
      int count = 0;
      for (StoredEvent event : series) {
        if (matches(leaf, event)) {
          count++;
        }
      }
      return IntNode.valueOf(count);
    }
    BigDecimal sum = BigDecimal.ZERO;
    BigDecimal min = null;
    BigDecimal max = null;
    int n = 0;
    for (StoredEvent event : series) {
      if (!matches(leaf, event)) {
        continue;
      }
      JsonNode property = Json.at(event.properties(), aggregate.property());
      if (property == null || !property.isNumber()) {
        continue;
      }
      BigDecimal v = property.decimalValue();
      sum = sum.add(v);
      min = min == null || v.compareTo(min) < 0 ? v : min;
      max = max == null || v.compareTo(max) > 0 ? v : max;
      n++;
    }
    return Aggregate.value(aggregate.kind(), n, sum, n, min, max);
  }

  static boolean matches(Condition.Event leaf, StoredEvent event) {
    for (Condition.PropertyTest test : leaf.where()) {
      if (!test.comparison().test(Json.at(event.properties(), test.property()))) {
        return false;
      }
    }
    return true;
  }

  static JsonNode computed(ComputedMetric metric, ProfileFacts p, Instant now) {
    return switch (metric) {
      case RECENCY_DAYS -> {
        List<StoredEvent> orders = p.events(Event.ORDER_COMPLETED);
        yield orders.isEmpty()
            ? null
            : LongNode.valueOf(wholeDaysSince(orders.getLast().at(), now));
      }
      case LAST_SEEN_DAYS ->
          p.lastEventAt() == null ? null : LongNode.valueOf(wholeDaysSince(p.lastEventAt(), now));
      case FREQUENCY_90D ->
          IntNode.valueOf(History.window(p.events(Event.ORDER_COMPLETED), now, NINETY_DAYS).size());
      case MONETARY_90D -> {
        BigDecimal sum = BigDecimal.ZERO;
        for (StoredEvent order :
            History.window(p.events(Event.ORDER_COMPLETED), now, NINETY_DAYS)) {
          JsonNode revenue = order.properties().get("revenue");
          if (revenue != null && revenue.isNumber()) {
            sum = sum.add(revenue.decimalValue());
          }
        }
        yield Values.number(sum);
      }
    };
  }

  /** Full 24-hour periods elapsed; a time in the future counts as now (0). */
  static long wholeDaysSince(Instant at, Instant now) {
    if (!now.isAfter(at)) {
      return 0;
    }
    return Duration.between(at, now).toMillis() / DAY.toMillis();
  }
}
