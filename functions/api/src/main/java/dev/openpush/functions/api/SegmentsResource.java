package dev.openpush.functions.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.openpush.domain.json.Json;
import dev.openpush.domain.ports.ConcurrentUpdateException;
import dev.openpush.domain.ports.ProfileDirectory;
import dev.openpush.domain.ports.SegmentRepository;
import dev.openpush.domain.segment.Segment;
import dev.openpush.domain.segment.SegmentDefinitions;
import dev.openpush.domain.segment.SegmentStatus;
import java.time.Clock;
import java.util.Map;
import java.util.Set;

/** Define, read, change, delete, size, page and preview segments: decode, call, encode. */
final class SegmentsResource {
  private static final Set<String> FIELDS = Set.of("id", "name", "description", "condition");

  private final SegmentDefinitions definitions;
  private final SegmentRepository segments;
  private final ProfileDirectory directory;
  private final Clock clock;

  SegmentsResource(
      SegmentDefinitions definitions,
      SegmentRepository segments,
      ProfileDirectory directory,
      Clock clock) {
    this.definitions = definitions;
    this.segments = segments;
    this.directory = directory;
    this.clock = clock;
  }

  void register(Router router) {
    String base = "/v1/apps/{appId}/segments";
    router
        .add("POST", base, (r, p) -> create(app(p), r))
        .add("GET", base, (r, p) -> list(app(p), r))
        .add("POST", base + "/preview", (r, p) -> preview(app(p), r))
        .add("GET", base + "/{id}", (r, p) -> ApiResponse.ok(render(existing(app(p), p.get("id")))))
        .add("PUT", base + "/{id}", (r, p) -> replace(app(p), p.get("id"), r))
        .add("DELETE", base + "/{id}", (r, p) -> delete(app(p), p.get("id")))
        .add("GET", base + "/{id}/size", (r, p) -> size(app(p), p.get("id")))
        .add("GET", base + "/{id}/members", (r, p) -> members(app(p), p.get("id"), r));
  }

  static String app(Router.Params p) {
    return Bodies.id(p.get("appId"), "appId");
  }

  private ApiResponse create(String appId, ApiRequest request) {
    JsonNode body = Bodies.object(request);
    String id = body.hasNonNull("id") ? Bodies.id(text(body, "id"), "id") : null;
    try {
      return ApiResponse.created(render(definitions.define(appId, draft(id, body))));
    } catch (SegmentDefinitions.SegmentExistsException e) {
      throw new ApiException(
          409,
          "conflict",
          e.getMessage(),
          e.beingDeleted() ? Map.of("Retry-After", "60") : Map.of());
    }
  }

  private ApiResponse replace(String appId, String id, ApiRequest request) {
    Segment current = existing(appId, id);
    JsonNode body = Bodies.object(request);
    if (body.hasNonNull("id") && !id.equals(body.get("id").asText())) {
      throw ApiException.badRequest("id: a segment's id cannot change");
    }
    try {
      return ApiResponse.ok(render(definitions.change(current, draft(id, body))));
    } catch (ConcurrentUpdateException e) {
      throw new ApiException(409, "conflict", "the segment changed meanwhile; read it again");
    }
  }

  private ApiResponse delete(String appId, String id) {
    try {
      definitions.delete(existing(appId, id));
    } catch (SegmentDefinitions.SegmentInUseException e) {
      throw new ApiException(409, "conflict", e.getMessage());
    } catch (ConcurrentUpdateException e) {
      throw new ApiException(409, "conflict", "the segment changed meanwhile; read it again");
    }
    return ApiResponse.noContent();
  }

  private ApiResponse list(String appId, ApiRequest request) {
    SegmentRepository.Page page =
        segments.list(appId, request.queryParam("cursor"), Bodies.limit(request, 100, 1000));
    ObjectNode out = Json.object();
    ArrayNode items = out.putArray("items");
    page.segments().stream()
        .filter(s -> s.status() != SegmentStatus.DELETING)
        .forEach(s -> items.add(render(s)));
    out.put("nextCursor", page.nextCursor());
    return ApiResponse.ok(out);
  }

  private ApiResponse size(String appId, String id) {
    existing(appId, id);
    return ApiResponse.ok(
        Json.object()
            .put("segmentId", id)
            .put("count", directory.size(appId, id))
            .put("asOf", clock.instant().toString()));
  }

  private ApiResponse members(String appId, String id, ApiRequest request) {
    existing(appId, id);
    ProfileDirectory.Page page =
        directory.members(
            appId, id, request.queryParam("cursor"), Bodies.limit(request, 100, 1000));
    ObjectNode out = Json.object();
    ArrayNode ids = out.putArray("userIds");
    page.userIds().forEach(ids::add);
    out.put("nextCursor", page.nextCursor());
    return ApiResponse.ok(out);
  }

  private ApiResponse preview(String appId, ApiRequest request) {
    JsonNode body = Bodies.object(request);
    only(body, Set.of("condition"));
    SegmentDefinitions.Preview preview = definitions.preview(appId, body.get("condition"));
    ObjectNode out = Json.object().put("estimatedCount", preview.estimatedCount());
    ArrayNode sample = out.putArray("sampleUserIds");
    preview.sampleUserIds().forEach(sample::add);
    return ApiResponse.ok(out);
  }

  Segment existing(String appId, String id) {
    return definitions
        .find(appId, Bodies.id(id, "segment id"))
        .orElseThrow(
            () -> ApiException.notFound("no segment \"" + id + "\" in app \"" + appId + "\""));
  }

  private static SegmentDefinitions.Draft draft(String id, JsonNode body) {
    only(body, FIELDS);
    JsonNode description = body.get("description");
    if (description != null && !description.isNull() && !description.isTextual()) {
      throw new ApiException(400, "invalid_definition", "description: must be a string");
    }
    JsonNode name = body.get("name");
    if (name != null && !name.isNull() && !name.isTextual()) {
      throw new ApiException(400, "invalid_definition", "name: must be a string");
    }
    return new SegmentDefinitions.Draft(
        id,
        name == null || name.isNull() ? null : name.asText(),
        description == null || description.isNull() ? null : description.asText(),
        body.get("condition"));
  }

  private static void only(JsonNode body, Set<String> allowed) {
    body.fieldNames()
        .forEachRemaining(
            name -> {
              if (!allowed.contains(name)) {
                throw ApiException.badRequest(name + ": unknown field");
              }
            });
  }

  private static String text(JsonNode body, String field) {
    JsonNode node = body.get(field);
    if (node == null || node.isNull()) {
      return null;
    }
    if (!node.isTextual()) {
      throw ApiException.badRequest(field + ": must be a string");
    }
    return node.asText();
  }

  static ObjectNode render(Segment s) {
    ObjectNode out = Json.object();
    out.put("id", s.id());
    out.put("name", s.name());
    out.put("description", s.description());
    out.set("condition", s.definition());
    out.put("status", s.status().wireName());
    out.put("version", s.version());
    out.put("createdAt", s.createdAt().toString());
    out.put("updatedAt", s.updatedAt().toString());
    return out;
  }
}
