package dev.openpush.domain.profile;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;

/**
 * A trait's value and the timestamp of the event that set it. A null value is a tombstone: the
 * trait was removed at {@code setAt}, and an older value arriving later must not bring it back.
 */
public record TraitValue(JsonNode value, Instant setAt) {
  public boolean isRemoved() {
    return value == null;
  }
}
