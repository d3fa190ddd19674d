package dev.openpush.domain.condition;

import java.time.Instant;
import java.util.Map;

/**
 * One evaluation pass over one profile at one instant, remembering the answer and the next flip of
 * each distinct event and computed leaf. Segments often share leaves ("opened the app in the last
 * 30 days"); each is then read from the history once per pass, not once per segment.
 */
public final class LeafMemo {
  private static final byte UNKNOWN = 0;
  private static final byte FALSE = 1;
  private static final byte TRUE = 2;
  private static final Instant NO_FLIP = Instant.MIN;

  /** No memory: every leaf is evaluated where it stands. */
  public static final LeafMemo NONE = new LeafMemo(Map.of(), 0);

  private final Map<Condition, Integer> ids;
  private final byte[] answers;
  private Instant[] flips; // allocated when the first flip is remembered: many passes need none

  /**
   * @param ids leaf instance (by identity) to the id it shares with equal leaves
   */
  public LeafMemo(Map<Condition, Integer> ids, int distinctLeaves) {
    this.ids = ids;
    this.answers = new byte[distinctLeaves];
  }

  int id(Condition leaf) {
    Integer id = ids.get(leaf);
    return id == null ? -1 : id;
  }

  /** The remembered answer, or null. */
  Boolean answer(int id) {
    return id < 0 || answers[id] == UNKNOWN ? null : answers[id] == TRUE;
  }

  boolean remember(int id, boolean answer) {
    if (id >= 0) {
      answers[id] = answer ? TRUE : FALSE;
    }
    return answer;
  }

  boolean knowsFlip(int id) {
    return id >= 0 && flips != null && flips[id] != null;
  }

  Instant flip(int id) {
    Instant flip = flips[id];
    return flip == NO_FLIP ? null : flip;
  }

  Instant rememberFlip(int id, Instant flip) {
    if (id >= 0) {
      if (flips == null) {
        flips = new Instant[answers.length];
      }
      flips[id] = flip == null ? NO_FLIP : flip;
    }
    return flip;
  }
}
