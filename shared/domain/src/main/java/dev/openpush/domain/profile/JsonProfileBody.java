package dev.openpush.domain.profile;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.openpush.domain.json.Json;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.Iterator;
import java.util.Map;
import java.util.zip.GZIPInputStream;

/**
 * Format 1 of a profile's stored body, read only: compact JSON (event names as a dictionary, times
 * as deltas in milliseconds), gzip-compressed, as profiles were written until format 2. A profile
 * read in this form is written back in the current one ({@link ProfileCodec}).
 */
final class JsonProfileBody {
  private static final int FORMAT = 1;

  private JsonProfileBody() {}

  /** Fills {@code into} (a fresh profile with its keys set) from stored bytes. */
  static Profile decode(byte[] body, Profile into) {
    JsonNode root;
    try (GZIPInputStream gzip = new GZIPInputStream(new ByteArrayInputStream(body))) {
      root = Json.mapper().readTree(gzip);
    } catch (IOException e) {
      throw new UncheckedIOException("unreadable profile body", e);
    }
    if (root.path("f").asInt() != FORMAT) {
      throw new IllegalStateException("unknown profile format " + root.path("f"));
    }
    if (root.hasNonNull("into")) {
      into.setMergedInto(root.get("into").asText());
    }
    if (root.hasNonNull("erased")) {
      into.eraseAt(Instant.ofEpochMilli(root.get("erased").asLong()), into.expiresAt());
    }
    for (Iterator<Map.Entry<String, JsonNode>> it = root.path("t").fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      into.traits().put(e.getKey(), readValue(e.getValue()));
    }
    for (Iterator<Map.Entry<String, JsonNode>> it = root.path("c").fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      into.context().put(DeviceContext.Field.valueOf(e.getKey()), readValue(e.getValue()));
    }
    JsonNode names = root.path("n");
    long previous = 0;
    java.util.List<StoredEvent> events = new java.util.ArrayList<>();
    for (JsonNode row : root.path("e")) {
      previous += row.get(1).asLong();
      ObjectNode properties = row.size() > 2 ? (ObjectNode) row.get(2) : Json.object();
      events.add(
          new StoredEvent(
              names.get(row.get(0).asInt()).asText(), Instant.ofEpochMilli(previous), properties));
    }
    into.history().addAll(events);
    for (Iterator<Map.Entry<String, JsonNode>> it = root.path("s").fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      into.seenMessageIds().put(e.getKey(), Instant.ofEpochMilli(e.getValue().asLong()));
    }
    root.path("m").forEach(id -> into.mergedIds().add(id.asText()));
    if (root.hasNonNull("first")) {
      into.setFirstSeenAt(Instant.ofEpochMilli(root.get("first").asLong()));
    }
    if (root.hasNonNull("last")) {
      into.setLastEventAt(Instant.ofEpochMilli(root.get("last").asLong()));
    }
    return into;
  }

  private static TraitValue readValue(JsonNode pair) {
    JsonNode value = pair.size() > 1 && !pair.get(1).isNull() ? pair.get(1) : null;
    return new TraitValue(
        value,
        Instant.ofEpochMilli(pair.get(0).asLong()),
        pair.size() > 2 && pair.get(2).asInt() == 1);
  }
}
