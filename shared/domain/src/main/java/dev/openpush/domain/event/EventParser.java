package dev.openpush.domain.event;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.openpush.domain.json.Json;
import dev.openpush.domain.json.Numbers;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;

/** Turns raw bytes into a validated {@link Event}, or says precisely why it cannot. */
public final class EventParser {

  /** Kinesis accepts 1 MiB; the contract caps an event at 256 KiB. */
  public static final int MAX_EVENT_BYTES = 256 * 1024;

  public static final String DEFAULT_APP = "default";

  /**
   * The earliest event time accepted. Nothing the product measures reaches back further, and a
   * year-0001 timestamp is a producer's bug (an unset date), not history.
   */
  public static final Instant EARLIEST = Instant.parse("2000-01-01T00:00:00Z");

  /**
   * How far ahead of the time it is received an event may be dated. A future event counts as now in
   * every window and its id is remembered until a week after its own time, so a device clock set to
   * 9999 would pin both forever; a day covers every time zone mistake.
   */
  public static final Duration MAX_AHEAD = Duration.ofDays(1);

  private final ObjectMapper mapper = Json.mapper();
  private final Clock clock;

  /**
   * @param clock the receiving clock, against which {@link #MAX_AHEAD} is measured
   */
  public EventParser(Clock clock) {
    this.clock = clock;
  }

  public Event parse(byte[] data) throws MalformedEventException {
    if (data.length > MAX_EVENT_BYTES) {
      throw new MalformedEventException(
          "event is " + data.length + " bytes, over the " + MAX_EVENT_BYTES + " byte limit");
    }
    JsonNode root;
    try {
      root = mapper.readTree(data);
    } catch (JsonProcessingException e) {
      throw new MalformedEventException("not valid JSON: " + e.getOriginalMessage());
    } catch (IOException e) {
      throw new MalformedEventException("unreadable: " + e.getMessage());
    }
    return parse(root, null);
  }

  /**
   * Validates one event object.
   *
   * @param appOverride the app id that wins over the body's (the HTTP front door's path), or null
   */
  public Event parse(JsonNode root, String appOverride) throws MalformedEventException {
    if (root == null || !root.isObject()) {
      throw new MalformedEventException("an event must be a JSON object");
    }
    String typeName = text(root, "type");
    if (typeName == null) {
      throw new MalformedEventException("type is missing");
    }
    EventType type =
        EventType.fromWire(typeName)
            .orElseThrow(() -> new MalformedEventException("unknown type \"" + typeName + "\""));
    String messageId = id(root, "messageId");
    if (messageId == null) {
      throw new MalformedEventException("messageId is missing");
    }
    String userId = id(root, "userId");
    String anonymousId = id(root, "anonymousId");
    String previousId = id(root, "previousId");
    if (userId == null && anonymousId == null) {
      throw new MalformedEventException("neither userId nor anonymousId is present");
    }
    if (type == EventType.ALIAS && (previousId == null || userId == null)) {
      throw new MalformedEventException("alias needs both previousId and userId");
    }
    String appId = appOverride != null ? appOverride : id(root, "appId");
    if (appId == null) {
      appId = DEFAULT_APP;
    }
    String appProblem = Ids.nameIdProblem(appId);
    if (appProblem != null) {
      throw new MalformedEventException("appId " + appProblem);
    }
    Instant timestamp = timestamp(root);
    if (timestamp.isBefore(EARLIEST)) {
      throw new MalformedEventException("timestamp is before " + EARLIEST);
    }
    if (timestamp.isAfter(clock.instant().plus(MAX_AHEAD))) {
      throw new MalformedEventException(
          "timestamp is more than " + MAX_AHEAD.toHours() + " hours ahead of the time received");
    }
    String name = name(type, root);
    ObjectNode properties = object(root, "properties");
    ObjectNode traits = object(root, "traits");
    ObjectNode context = object(root, "context");
    String badNumber = Numbers.firstProblem(properties, "properties");
    if (badNumber == null) {
      badNumber = Numbers.firstProblem(traits, "traits");
    }
    if (badNumber == null) {
      badNumber = Numbers.firstProblem(context, "context");
    }
    if (badNumber != null) {
      throw new MalformedEventException(badNumber);
    }
    if (type == EventType.SCREEN || type == EventType.PAGE) {
      String screenName = text(root, "name");
      if (screenName != null && !properties.has("name")) {
        properties = properties.deepCopy().put("name", screenName);
      }
    }
    return new Event(
        type,
        name,
        messageId,
        appId,
        userId,
        anonymousId,
        previousId,
        timestamp,
        properties,
        traits,
        context);
  }

  private static String name(EventType type, JsonNode root) throws MalformedEventException {
    return switch (type) {
      case TRACK -> {
        String event = text(root, "event");
        if (event == null || event.isBlank()) {
          throw new MalformedEventException("track needs a non-empty event name");
        }
        yield event;
      }
      case SCREEN -> Event.SCREEN_VIEWED;
      case PAGE -> Event.PAGE_VIEWED;
      case IDENTIFY, ALIAS -> null;
    };
  }

  private static Instant timestamp(JsonNode root) throws MalformedEventException {
    JsonNode node = root.get("timestamp");
    if (node == null || node.isNull()) {
      throw new MalformedEventException("timestamp is missing");
    }
    if (!node.isTextual()) {
      throw new MalformedEventException("timestamp must be an ISO-8601 string");
    }
    try {
      return Dates.parseInstant(node.asText())
          .orElseThrow(() -> new DateTimeParseException("not ISO-8601", node.asText(), 0));
    } catch (DateTimeParseException e) {
      throw new MalformedEventException("timestamp \"" + node.asText() + "\" is not ISO-8601");
    }
  }

  private static String id(JsonNode root, String field) throws MalformedEventException {
    JsonNode node = root.get(field);
    if (node == null || node.isNull()) {
      return null;
    }
    if (!node.isTextual() && !node.isIntegralNumber()) {
      throw new MalformedEventException(field + " must be a string");
    }
    String value = node.asText().strip();
    if (value.isEmpty()) {
      return null;
    }
    String problem = Ids.userIdProblem(value);
    if (problem != null) {
      throw new MalformedEventException(field + " " + problem);
    }
    return value;
  }

  private static String text(JsonNode root, String field) {
    JsonNode node = root.get(field);
    return node != null && node.isTextual() ? node.asText() : null;
  }

  private static ObjectNode object(JsonNode root, String field) throws MalformedEventException {
    JsonNode node = root.get(field);
    if (node == null || node.isNull()) {
      return JsonNodeFactory.instance.objectNode();
    }
    if (!node.isObject()) {
      throw new MalformedEventException(field + " must be an object");
    }
    return (ObjectNode) node;
  }
}
