package dev.openpush.functions.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.openpush.aws.kinesis.KinesisEventPublisher;
import dev.openpush.domain.event.Event;
import dev.openpush.domain.event.EventParser;
import dev.openpush.domain.event.MalformedEventException;
import dev.openpush.domain.json.Json;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/**
 * The HTTP front door: up to 500 events per request, each validated as the stream consumer would,
 * written to the stream with the path's app id; invalid ones are reported, not written.
 */
final class EventsResource {
  static final int MAX_EVENTS = 500;

  private final EventParser parser;
  private final KinesisEventPublisher publisher;

  EventsResource(KinesisEventPublisher publisher, Clock clock) {
    this.publisher = publisher;
    this.parser = new EventParser(clock);
  }

  void register(Router router) {
    router.add("POST", "/v1/apps/{appId}/events", (r, p) -> accept(SegmentsResource.app(p), r));
  }

  private ApiResponse accept(String appId, ApiRequest request) {
    JsonNode body = Bodies.json(request);
    if (!body.isArray()) {
      throw ApiException.badRequest("the body must be a JSON array of events");
    }
    if (body.size() > MAX_EVENTS) {
      throw new ApiException(
          413, "payload_too_large", "at most " + MAX_EVENTS + " events per request");
    }
    ObjectNode out = Json.object();
    ArrayNode rejected = Json.mapper().createArrayNode();
    List<KinesisEventPublisher.Entry> entries = new ArrayList<>();
    for (int i = 0; i < body.size(); i++) {
      JsonNode raw = body.get(i);
      try {
        Event event = parser.parse(raw, appId);
        ObjectNode normalised = ((ObjectNode) raw).deepCopy();
        normalised.put("appId", appId);
        byte[] data = normalised.toString().getBytes(StandardCharsets.UTF_8);
        if (data.length > EventParser.MAX_EVENT_BYTES) {
          throw new MalformedEventException(
              "event is over the " + EventParser.MAX_EVENT_BYTES + " byte limit");
        }
        entries.add(new KinesisEventPublisher.Entry(i, event.primaryId(), data));
      } catch (MalformedEventException e) {
        rejected.addObject().put("index", i).put("error", e.getMessage());
      }
    }
    int accepted = entries.size();
    if (!entries.isEmpty()) {
      for (KinesisEventPublisher.Failure failure : publisher.publish(entries)) {
        rejected.addObject().put("index", failure.index()).put("error", failure.error());
        accepted--;
      }
    }
    out.put("accepted", accepted);
    out.set("rejected", rejected);
    return new ApiResponse(202, out);
  }
}
