package dev.openpush.domain.condition;

import dev.openpush.domain.profile.DeviceContext;
import java.time.Duration;
import java.util.List;

/**
 * A segment condition as typed data: one record per leaf and combinator, built once by {@link
 * ConditionParser} and evaluated by {@link Evaluator}.
 */
public sealed interface Condition {

  /**
   * Where in the definition this node came from ({@code condition.and[2]}), for errors and explain.
   */
  String path();

  record And(String path, List<Condition> all) implements Condition {}

  record Or(String path, List<Condition> any) implements Condition {}

  record Not(String path, Condition negated) implements Condition {}

  /** {@code {"trait": NAME, "op": OP, "value": V}}. */
  record Trait(String path, String name, Comparison comparison) implements Condition {}

  /**
   * {@code {"trait": NAME, "within": DURATION}}: the trait is a date in the last {@code within}.
   */
  record TraitWithin(String path, String name, Duration within) implements Condition {}

  /**
   * {@code {"event": NAME, "where": [...], "within": DURATION, ...aggregate}}. The name is
   * interned, as stored events' names are ({@code StoredEvent}): a history looks it up by identity
   * first.
   */
  record Event(
      String path, String name, List<PropertyTest> where, Duration within, Aggregate aggregate)
      implements Condition {
    public Event {
      name = name.intern();
    }
  }

  /** {@code {"computed": NAME, "op": OP, "value": V}}. */
  record Computed(String path, ComputedMetric metric, Comparison comparison) implements Condition {}

  /** {@code {"platform": "ios"}} or {@code {"appVersion": {"op": "gte", "value": "3.2.0"}}}. */
  record Context(String path, DeviceContext.Field field, Comparison comparison)
      implements Condition {}

  /** {@code {"segment": ID}}: membership of another segment. */
  record SegmentRef(String path, String segmentId) implements Condition {
    public SegmentRef {
      segmentId = segmentId.intern(); // as Segment's id: memberships compare by identity first
    }
  }

  /** A {@code where} item: a property of the event compared with the trait operators. */
  record PropertyTest(String property, Comparison comparison) {}
}
