package dev.openpush.domain.condition;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Why a user is in or out of a segment: every node of the condition with its value for this user,
 * its result, and when time alone would next change that result.
 *
 * @param kind the node's kind in the segment language ({@code and}, {@code event}, {@code
 *     trait}...)
 * @param value what the leaf compared (null for combinators or a missing value)
 * @param nextChange null when time alone never changes this node
 */
public record Explanation(
    String path,
    String kind,
    JsonNode value,
    boolean result,
    Instant nextChange,
    List<Explanation> children) {

  public static Explanation of(
      Condition c, dev.openpush.domain.profile.Profile p, Instant now, SegmentResolver segments) {
    List<Explanation> children = new ArrayList<>();
    switch (c) {
      case Condition.And and -> and.all().forEach(x -> children.add(of(x, p, now, segments)));
      case Condition.Or or -> or.any().forEach(x -> children.add(of(x, p, now, segments)));
      case Condition.Not not -> children.add(of(not.negated(), p, now, segments));
      default -> {}
    }
    return new Explanation(
        c.path(),
        kind(c),
        Evaluator.valueOf(c, p, now, segments),
        Evaluator.test(c, p, now, segments),
        LeafFlips.nextChange(c, p, now, segments),
        List.copyOf(children));
  }

  private static String kind(Condition c) {
    return switch (c) {
      case Condition.And a -> "and";
      case Condition.Or o -> "or";
      case Condition.Not n -> "not";
      case Condition.Trait t -> "trait";
      case Condition.TraitWithin t -> "traitWithin";
      case Condition.Event e -> "event";
      case Condition.Computed x -> "computed";
      case Condition.Context x -> x.field().conditionName();
      case Condition.SegmentRef s -> "segment";
    };
  }
}
