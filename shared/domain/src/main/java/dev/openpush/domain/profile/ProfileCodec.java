package dev.openpush.domain.profile;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.openpush.domain.json.Json;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * The stored form of a profile's body: compact JSON (event names as a dictionary, times as deltas
 * in milliseconds), gzip-compressed. Memberships, version and wake-up are kept beside it by the
 * store, because they are read and indexed on their own.
 */
public final class ProfileCodec {
  private static final int FORMAT = 1;

  /**
   * The most a stored body may take: DynamoDB takes 400 KB per item, and the memberships, keys and
   * wake-up stored beside the body need the rest.
   */
  public static final int MAX_STORED_BYTES = 300 * 1024;

  /** What pruning aims for, so that the next few events fit without pruning again at once. */
  public static final int TARGET_STORED_BYTES = 240 * 1024;

  private ProfileCodec() {}

  public static byte[] encode(Profile p) {
    ObjectNode root = Json.object();
    root.put("f", FORMAT);
    if (p.mergedInto() != null) {
      root.put("into", p.mergedInto());
    }
    if (p.erasedAt() != null) {
      root.put("erased", p.erasedAt().toEpochMilli());
    }
    ObjectNode traits = root.putObject("t");
    p.traits().forEach((k, v) -> traits.set(k, valueWithTime(v)));
    ObjectNode context = root.putObject("c");
    p.context().asMap().forEach((k, v) -> context.set(k.name(), valueWithTime(v)));
    ArrayNode names = root.putArray("n");
    Map<String, Integer> dictionary = new HashMap<>();
    ArrayNode events = root.putArray("e");
    long previous = 0;
    for (StoredEvent e : p.history().all()) {
      Integer index = dictionary.get(e.name());
      if (index == null) {
        index = dictionary.size();
        dictionary.put(e.name(), index);
        names.add(e.name());
      }
      long at = e.at().toEpochMilli();
      ArrayNode row = events.addArray().add(index).add(at - previous);
      if (!e.properties().isEmpty()) {
        row.add(e.properties());
      }
      previous = at;
    }
    ObjectNode seen = root.putObject("s");
    p.seenMessageIds().forEach((id, at) -> seen.put(id, at.toEpochMilli()));
    ArrayNode merged = root.putArray("m");
    p.mergedIds().forEach(merged::add);
    if (p.firstSeenAt() != null) {
      root.put("first", p.firstSeenAt().toEpochMilli());
    }
    if (p.lastEventAt() != null) {
      root.put("last", p.lastEventAt().toEpochMilli());
    }
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (GZIPOutputStream gzip = new GZIPOutputStream(bytes)) {
      Json.mapper().writeValue(gzip, root);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  /** Fills {@code into} (a fresh profile with its keys set) from stored bytes. */
  public static Profile decode(byte[] body, Profile into) {
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

  /**
   * {@code [time]} (removed), {@code [time, value]}, or {@code [time, value or null, 1]} for a
   * value set under a merged id; the short forms are what profiles written before merged values
   * were marked hold.
   */
  private static ArrayNode valueWithTime(TraitValue v) {
    ArrayNode pair = Json.mapper().createArrayNode();
    pair.add(v.setAt().toEpochMilli());
    if (v.viaMergedId()) {
      pair.add(v.value() == null ? NullNode.getInstance() : v.value());
      pair.add(1);
    } else if (v.value() != null) {
      pair.add(v.value());
    }
    return pair;
  }

  private static TraitValue readValue(JsonNode pair) {
    JsonNode value = pair.size() > 1 && !pair.get(1).isNull() ? pair.get(1) : null;
    return new TraitValue(
        value,
        Instant.ofEpochMilli(pair.get(0).asLong()),
        pair.size() > 2 && pair.get(2).asInt() == 1);
  }
}
