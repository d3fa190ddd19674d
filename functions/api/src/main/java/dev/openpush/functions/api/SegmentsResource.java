package dev.openpush.functions.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.openpush.aws.dynamodb.DynamoDbDirectory;
import dev.openpush.domain.condition.Condition;
import dev.openpush.domain.condition.Evaluator;
import dev.openpush.domain.condition.InvalidDefinitionException;
import dev.openpush.domain.ingest.ConcurrentUpdateException;
import dev.openpush.domain.ingest.ProfileStore;
import dev.openpush.domain.json.Json;
import dev.openpush.domain.profile.Profile;
import dev.openpush.domain.segment.Segment;
import dev.openpush.domain.segment.SegmentCatalog;
import dev.openpush.domain.segment.SegmentStatus;
import dev.openpush.domain.sweep.ProfileDirectory;
import dev.openpush.domain.sweep.SegmentRepository;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Define, read, change, delete, size, page and preview segments. */
final class SegmentsResource {
  static final int PREVIEW_SAMPLE = 1_000;
  static final int PREVIEW_SHOWN = 20;
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final Set<String> FIELDS = Set.of("id", "name", "description", "condition");

  private final SegmentRepository segments;
  private final DynamoDbDirectory directory;
  private final ProfileStore profiles;
  private final Clock clock;

  SegmentsResource(
      SegmentRepository segments, DynamoDbDirectory directory, ProfileStore profiles, Clock clock) {
    this.segments = segments;
    this.directory = directory;
    this.profiles = profiles;
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
    String id = body.hasNonNull("id") ? Bodies.id(text(body, "id"), "id") : newId();
    Instant now = clock.instant();
    Segment segment = definition(appId, id, body, 1, now, now);
    try {
      segments.create(segment);
    } catch (ConcurrentUpdateException e) {
      boolean beingDeleted =
          segments.find(appId, id).map(s -> s.status() == SegmentStatus.DELETING).orElse(false);
      if (beingDeleted) {
        throw new ApiException(
            409,
            "conflict",
            "segment \""
                + id
                + "\" was deleted and its members are still being removed; the id can be used"
                + " again once that is done, usually within a minute",
            Map.of("Retry-After", "60"));
      }
      throw new ApiException(409, "conflict", "a segment with id \"" + id + "\" exists");
    }
    return ApiResponse.created(render(segment));
  }

  private ApiResponse replace(String appId, String id, ApiRequest request) {
    Segment current = existing(appId, id);
    JsonNode body = Bodies.object(request);
    if (body.hasNonNull("id") && !id.equals(body.get("id").asText())) {
      throw ApiException.badRequest("id: a segment's id cannot change");
    }
    Segment next =
        definition(appId, id, body, current.version() + 1, current.createdAt(), clock.instant());
    try {
      segments.replace(next, current.version());
    } catch (ConcurrentUpdateException e) {
      throw new ApiException(409, "conflict", "the segment changed meanwhile; read it again");
    }
    return ApiResponse.ok(render(next));
  }

  private ApiResponse delete(String appId, String id) {
    Segment current = existing(appId, id);
    SegmentCatalog catalog = new SegmentCatalog(segments.all(appId));
    Set<String> referrers = catalog.referrersOf(id);
    if (!referrers.isEmpty()) {
      throw new ApiException(
          409, "conflict", "segment is referred to by " + String.join(", ", referrers));
    }
    try {
      segments.replace(
          current.withStatus(SegmentStatus.DELETING, clock.instant()), current.version());
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

  /**
   * Evaluates the condition over a sample of the app's users (the first {@value #PREVIEW_SAMPLE} by
   * id) and scales the matches to the app's user count; exact when the sample is everyone.
   */
  private ApiResponse preview(String appId, ApiRequest request) {
    JsonNode body = Bodies.object(request);
    only(body, Set.of("condition"));
    Condition condition = parse(body.get("condition"));
    SegmentCatalog catalog = new SegmentCatalog(segments.all(appId));
    catalog.checkReferences(
        new Segment(
            appId,
            "#preview",
            "preview",
            null,
            body.get("condition"),
            condition,
            SegmentStatus.LIVE,
            1,
            clock.instant(),
            clock.instant()));
    ProfileDirectory.Page page = directory.users(appId, null, PREVIEW_SAMPLE);
    Instant now = clock.instant();
    List<String> matched = new ArrayList<>();
    int sampled = 0;
    for (int from = 0; from < page.userIds().size(); from += 100) {
      List<String> chunk =
          page.userIds().subList(from, Math.min(page.userIds().size(), from + 100));
      for (Profile profile : profiles.load(appId, chunk).values()) {
        if (profile.isPointer()) {
          continue;
        }
        sampled++;
        if (Evaluator.test(condition, profile, now, catalog)) {
          matched.add(profile.userId());
        }
      }
    }
    long estimate = matched.size();
    if (page.nextCursor() != null && sampled > 0) {
      estimate = Math.round((double) matched.size() / sampled * directory.userCount(appId));
    }
    ObjectNode out = Json.object().put("estimatedCount", estimate);
    ArrayNode sample = out.putArray("sampleUserIds");
    matched.stream().sorted().limit(PREVIEW_SHOWN).forEach(sample::add);
    return ApiResponse.ok(out);
  }

  Segment existing(String appId, String id) {
    return segments
        .find(appId, Bodies.id(id, "segment id"))
        .filter(s -> s.status() != SegmentStatus.DELETING)
        .orElseThrow(
            () -> ApiException.notFound("no segment \"" + id + "\" in app \"" + appId + "\""));
  }

  private Segment definition(
      String appId, String id, JsonNode body, long version, Instant createdAt, Instant updatedAt) {
    only(body, FIELDS);
    String name = text(body, "name");
    if (name == null || name.isBlank() || name.length() > 256) {
      throw new ApiException(
          400, "invalid_definition", "name: must be a non-empty string of at most 256 characters");
    }
    JsonNode description = body.get("description");
    if (description != null
        && !description.isNull()
        && (!description.isTextual() || description.asText().length() > 2048)) {
      throw new ApiException(
          400, "invalid_definition", "description: must be a string of at most 2048 characters");
    }
    JsonNode definition = body.get("condition");
    if (definition != null
        && definition.toString().getBytes(StandardCharsets.UTF_8).length
            > Segment.MAX_DEFINITION_BYTES) {
      throw new ApiException(
          413,
          "definition_too_large",
          "condition: larger than "
              + Segment.MAX_DEFINITION_BYTES
              + " bytes of JSON; split it into segments that refer to each other");
    }
    Condition condition = parse(definition);
    Segment segment =
        new Segment(
            appId,
            id,
            name,
            description == null || description.isNull() ? null : description.asText(),
            body.get("condition"),
            condition,
            SegmentStatus.BUILDING,
            version,
            createdAt,
            updatedAt);
    try {
      new SegmentCatalog(segments.all(appId)).checkReferences(segment);
    } catch (InvalidDefinitionException e) {
      throw new ApiException(400, "invalid_definition", e.getMessage());
    }
    return segment;
  }

  static Condition parse(JsonNode condition) {
    if (condition == null || condition.isNull()) {
      throw new ApiException(400, "invalid_definition", "condition: is required");
    }
    try {
      return Segment.parse(condition);
    } catch (InvalidDefinitionException e) {
      throw new ApiException(400, "invalid_definition", e.getMessage());
    }
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

  private static String newId() {
    String alphabet = "abcdefghijklmnopqrstuvwxyz0123456789";
    StringBuilder id = new StringBuilder("seg-");
    for (int i = 0; i < 12; i++) {
      id.append(alphabet.charAt(RANDOM.nextInt(alphabet.length())));
    }
    return id.toString();
  }
}
