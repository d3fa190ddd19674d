package dev.openpush.domain.profile;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;

/**
 * A trait's value and the timestamp of the event that set it. A null value is a tombstone: the
 * trait was removed at {@code setAt}, and an older value arriving later must not bring it back.
 *
 * @param viaMergedId set under an id merged into this user (an anonymous id, before or after the
 *     merge), not under the user's own id: on a conflict the user's own value wins (SPEC 1),
 *     whichever arrived first and however the events were batched
 */
public record TraitValue(JsonNode value, Instant setAt, boolean viaMergedId) {
  public TraitValue(JsonNode value, Instant setAt) {
    this(value, setAt, false);
  }

  public boolean isRemoved() {
    return value == null;
  }

  /** The same value, as the user it is merged into holds it. */
  public TraitValue asMerged() {
    return viaMergedId ? this : new TraitValue(value, setAt, true);
  }

  /**
   * Whether this value replaces {@code held}. A total order, so that applying values in any order
   * and merging profiles in any order end in the same trait: the user's own value before a merged
   * id's, then the newer, then on equal times a removal, then the greater value by its JSON text.
   */
  public boolean beats(TraitValue held) {
    if (viaMergedId != held.viaMergedId) {
      return !viaMergedId;
    }
    int byTime = setAt.compareTo(held.setAt);
    if (byTime != 0) {
      return byTime > 0;
    }
    if (held.isRemoved()) {
      return false;
    }
    if (isRemoved()) {
      return true;
    }
    return value.toString().compareTo(held.value.toString()) > 0;
  }
}
