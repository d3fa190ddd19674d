package dev.openpush.domain.condition;

/** Looks up the condition of a referenced segment; null when it does not exist. */
@FunctionalInterface
public interface SegmentResolver {
  Condition conditionOf(String segmentId);

  SegmentResolver NONE = id -> null;
}
