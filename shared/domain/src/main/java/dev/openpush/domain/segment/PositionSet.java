package dev.openpush.domain.segment;

import java.util.Arrays;

/**
 * A set of positions below a fixed bound, emptied by undoing what was added rather than by
 * allocating: the update path collects leaves and segments this way on every event, and fresh
 * arrays the size of the catalog were most of what it allocated.
 */
final class PositionSet {
  private final boolean[] marked;
  private final int[] added;
  private int size;

  PositionSet(int bound) {
    marked = new boolean[bound];
    added = new int[bound];
  }

  void addAll(int[] positions) {
    if (positions == null) {
      return;
    }
    for (int position : positions) {
      if (!marked[position]) {
        marked[position] = true;
        added[size++] = position;
      }
    }
  }

  int size() {
    return size;
  }

  /** The k-th position added. */
  int get(int k) {
    return added[k];
  }

  /** The positions added, in the order they were first added. */
  int[] toArray() {
    return Arrays.copyOf(added, size);
  }

  void clear() {
    for (int k = 0; k < size; k++) {
      marked[added[k]] = false;
    }
    size = 0;
  }
}
