package dev.openpush.domain.profile;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.List;

/**
 * What a segment condition can read of a person: traits, device context, events and when they were
 * last seen. A {@link Profile} is one; {@link ProfileChange#before} is the same person as they were
 * before an update, which is how the segmenter tells which answers an update changed.
 */
public interface ProfileFacts {

  /** A trait's value at a dotted name, or null when absent or removed. */
  JsonNode trait(String dottedName);

  /** A context field's value: a trait of the same name wins over the device context. */
  JsonNode contextValue(DeviceContext.Field field);

  /** Events of one name (or every event for {@code "*"}), oldest first. */
  List<StoredEvent> events(String name);

  /** The time of the latest event, or null. */
  Instant lastEventAt();
}
