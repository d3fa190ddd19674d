package dev.openpush.domain.segment;

/**
 * A segment's condition compiled against its catalog: each leaf is the number of the distinct
 * question it asks, each reference the position of the segment it names. A {@link Pass} answers it
 * with no identity look-ups and asks each question of a profile once.
 */
sealed interface Formula {

  record All(Formula[] parts) implements Formula {}

  record Any(Formula[] parts) implements Formula {}

  record Not(Formula negated) implements Formula {}

  /** A distinct leaf of the catalog, by id. */
  record Leaf(int id) implements Formula {}

  /** Membership of the segment at this position of the catalog. */
  record Ref(int position) implements Formula {}

  /** A reference to a segment the catalog does not hold: never a member. */
  record Never() implements Formula {}
}
