package dev.openpush.domain.segment;

import com.fasterxml.jackson.databind.JsonNode;
import dev.openpush.domain.condition.Condition;
import dev.openpush.domain.condition.Evaluator;
import dev.openpush.domain.condition.SegmentResolver;
import dev.openpush.domain.profile.ProfileFacts;
import java.time.Instant;

/**
 * One evaluation of a catalog's segments over one profile at one instant. Segments share leaves
 * ("opened the app in the last 30 days"), so each distinct leaf is read from the profile once per
 * pass, whatever number of segments it stands in.
 */
final class Pass {
  private static final byte UNKNOWN = 0;
  private static final byte FALSE = 1;
  private static final byte TRUE = 2;

  private final SegmentCatalog catalog;
  private final ProfileFacts facts;
  private final Instant now;
  private final byte[] answers;
  private final JsonNode[] measured;
  private final boolean[] measuredKnown;
  // For the profile as it was before an update: leaves outside `changed` read nothing the update
  // touched, so they answer as in the pass after it, and are asked there, once.
  private final Pass after;
  private final long[] changed;

  Pass(SegmentCatalog catalog, ProfileFacts facts, Instant now) {
    this(catalog, facts, now, null, null);
  }

  private Pass(
      SegmentCatalog catalog, ProfileFacts facts, Instant now, Pass after, long[] changed) {
    this.catalog = catalog;
    this.facts = facts;
    this.now = now;
    this.answers = new byte[catalog.leafCount()];
    this.measured = new JsonNode[catalog.measureCount()];
    this.measuredKnown = new boolean[catalog.measureCount()];
    this.after = after;
    this.changed = changed;
  }

  /**
   * A pass over the profile as it was before the update this pass sees, where only the leaves
   * {@code read} (those reading something the update changed) can answer differently.
   */
  Pass before(ProfileFacts before, int[] read) {
    long[] bits = new long[(answers.length + 63) >>> 6];
    for (int id : read) {
      bits[id >>> 6] |= 1L << id;
    }
    return new Pass(catalog, before, now, this, bits);
  }

  /** The answer of one distinct leaf. */
  boolean leaf(int id) {
    if (after != null && (changed[id >>> 6] & (1L << id)) == 0) {
      return after.leaf(id);
    }
    byte known = answers[id];
    if (known != UNKNOWN) {
      return known == TRUE;
    }
    Condition leaf = catalog.leaf(id);
    int measure = catalog.measureOf(id);
    boolean answer =
        measure < 0
            ? Evaluator.test(leaf, facts, now, SegmentResolver.NONE)
            : Evaluator.answers(leaf, measure(measure, leaf));
    answers[id] = answer ? TRUE : FALSE;
    return answer;
  }

  /** The value compared by the leaves of one measure, read once per pass. */
  private JsonNode measure(int measure, Condition leaf) {
    if (!measuredKnown[measure]) {
      measured[measure] = Evaluator.valueOf(leaf, facts, now, SegmentResolver.NONE);
      measuredKnown[measure] = true;
    }
    return measured[measure];
  }

  /** Whether the profile belongs to the segment at this position. */
  boolean holds(int position) {
    return test(catalog.formulaAt(position));
  }

  private boolean test(Formula formula) {
    return switch (formula) {
      case Formula.All all -> {
        for (Formula part : all.parts()) {
          if (!test(part)) {
            yield false;
          }
        }
        yield true;
      }
      case Formula.Any any -> {
        for (Formula part : any.parts()) {
          if (test(part)) {
            yield true;
          }
        }
        yield false;
      }
      case Formula.Not not -> !test(not.negated());
      case Formula.Leaf leaf -> leaf(leaf.id());
      case Formula.Ref ref -> holds(ref.position());
      case Formula.Never never -> false;
    };
  }
}
