package dev.openpush.domain.segment;

import com.fasterxml.jackson.databind.JsonNode;
import dev.openpush.domain.condition.Condition;
import dev.openpush.domain.condition.ConditionParser;
import java.time.Instant;

/**
 * A named condition over users of one app.
 *
 * @param definition the condition exactly as the marketer wrote it (returned by the API)
 * @param condition the same, parsed and validated
 * @param version increases on every change of the definition
 */
public record Segment(
    String appId,
    String id,
    String name,
    String description,
    JsonNode definition,
    Condition condition,
    SegmentStatus status,
    long version,
    Instant createdAt,
    Instant updatedAt) {

  /**
   * The largest condition accepted, as compact JSON: a segment is one DynamoDB item (at most 400
   * KB) and every ingest function holds every definition of its app in memory.
   */
  public static final int MAX_DEFINITION_BYTES = 64 * 1024;

  public Segment {
    // Memberships read from storage hold interned ids (RecurringStrings): found by identity first.
    id = id == null ? null : id.intern();
  }

  /** Parses a stored or submitted definition; throws {@code InvalidDefinitionException}. */
  public static Condition parse(JsonNode definition) {
    return ConditionParser.parse(definition, "condition");
  }

  /** Identity is app, id and version: cheap to hash, unlike the definition tree. */
  @Override
  public boolean equals(Object o) {
    return o instanceof Segment other
        && appId.equals(other.appId)
        && id.equals(other.id)
        && version == other.version;
  }

  @Override
  public int hashCode() {
    return id.hashCode() * 31 + Long.hashCode(version);
  }

  public Segment withStatus(SegmentStatus newStatus, Instant at) {
    return new Segment(
        appId, id, name, description, definition, condition, newStatus, version, createdAt, at);
  }
}
