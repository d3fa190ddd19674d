package dev.openpush.functions.api;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.openpush.domain.condition.ComputedMetric;
import dev.openpush.domain.condition.Evaluator;
import dev.openpush.domain.condition.Explanation;
import dev.openpush.domain.ingest.ConcurrentUpdateException;
import dev.openpush.domain.ingest.ProfileCommit;
import dev.openpush.domain.ingest.ProfileStore;
import dev.openpush.domain.json.Json;
import dev.openpush.domain.profile.Profile;
import dev.openpush.domain.profile.StoredEvent;
import dev.openpush.domain.segment.Segment;
import dev.openpush.domain.segment.SegmentCatalog;
import dev.openpush.domain.segment.Segmenter;
import dev.openpush.domain.sweep.SegmentRepository;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** A user's profile, why they are in a segment or not, export and erasure. */
final class UsersResource {
  private final ProfileStore profiles;
  private final SegmentRepository segments;
  private final SegmentsResource segmentsResource;
  private final Clock clock;

  UsersResource(
      ProfileStore profiles,
      SegmentRepository segments,
      SegmentsResource segmentsResource,
      Clock clock) {
    this.profiles = profiles;
    this.segments = segments;
    this.segmentsResource = segmentsResource;
    this.clock = clock;
  }

  void register(Router router) {
    String base = "/v1/apps/{appId}/users/{userId}";
    router
        .add(
            "GET",
            base,
            (r, p) -> ApiResponse.ok(render(existing(SegmentsResource.app(p), p.get("userId")))))
        .add("DELETE", base, (r, p) -> erase(SegmentsResource.app(p), p.get("userId")))
        .add(
            "GET",
            base + "/export",
            (r, p) -> ApiResponse.ok(export(existing(SegmentsResource.app(p), p.get("userId")))))
        .add(
            "GET",
            base + "/segments/{id}/explain",
            (r, p) -> explain(SegmentsResource.app(p), p.get("userId"), p.get("id")));
  }

  /** The profile for a user id; an id merged into another user answers with that user. */
  private Profile existing(String appId, String userId) {
    Profile p = load(appId, Bodies.userId(userId));
    for (int hops = 0; p != null && p.isPointer() && hops < 8; hops++) {
      p = load(appId, p.mergedInto());
    }
    if (p == null || p.isPointer()) {
      throw ApiException.notFound("no user \"" + userId + "\" in app \"" + appId + "\"");
    }
    return p;
  }

  private Profile load(String appId, String userId) {
    return profiles.load(appId, List.of(userId)).get(userId);
  }

  private ObjectNode render(Profile p) {
    Instant now = clock.instant();
    ObjectNode out = Json.object();
    out.put("userId", p.userId());
    ObjectNode traits = out.putObject("traits");
    p.traits()
        .forEach(
            (k, v) -> {
              if (!v.isRemoved()) {
                traits.set(k, v.value());
              }
            });
    ObjectNode computed = out.putObject("computed");
    for (ComputedMetric metric : ComputedMetric.values()) {
      computed.set(
          metric.wireName(),
          Evaluator.valueOf(
              new dev.openpush.domain.condition.Condition.Computed("", metric, null),
              p,
              now,
              id -> null));
    }
    ObjectNode context = out.putObject("context");
    p.context()
        .asMap()
        .forEach((field, value) -> context.set(field.conditionName(), value.value()));
    ArrayNode segmentIds = out.putArray("segments");
    new java.util.TreeSet<>(p.memberships().keySet()).forEach(segmentIds::add);
    out.putArray("devices");
    out.putNull("engagementWindow");
    out.putObject("consent");
    ArrayNode merged = out.putArray("mergedIds");
    p.mergedIds().forEach(merged::add);
    out.put("firstSeenAt", p.firstSeenAt() == null ? null : p.firstSeenAt().toString());
    out.put("lastSeenAt", p.lastEventAt() == null ? null : p.lastEventAt().toString());
    return out;
  }

  private ObjectNode export(Profile p) {
    ObjectNode out = render(p);
    ObjectNode traitHistory = out.putObject("traitsWithTimes");
    p.traits()
        .forEach(
            (k, v) ->
                traitHistory
                    .putObject(k)
                    .put("setAt", v.setAt().toString())
                    .set("value", v.value()));
    ArrayNode events = out.putArray("events");
    for (StoredEvent e : p.history().all()) {
      events
          .addObject()
          .put("event", e.name())
          .put("timestamp", e.at().toString())
          .set("properties", e.properties());
    }
    ObjectNode memberships = out.putObject("memberships");
    new TreeMap<>(p.memberships()).forEach((id, at) -> memberships.put(id, at.toString()));
    out.put("exportedAt", clock.instant().toString());
    return out;
  }

  private ApiResponse erase(String appId, String userId) {
    // An id no user can have is a client error: answering 204 would say it was erased.
    Bodies.userId(userId);
    for (int attempt = 0; attempt < 3; attempt++) {
      Profile p;
      try {
        p = existing(appId, userId);
      } catch (ApiException notFound) {
        return ApiResponse.noContent();
      }
      Map<String, Instant> before = new TreeMap<>(p.memberships());
      List<ProfileCommit.Write> writes = new ArrayList<>();
      writes.add(
          new ProfileCommit.Write(p, before, new Segmenter().exitAll(p, clock.instant()), true));
      for (Profile pointer : profiles.load(appId, p.mergedIds()).values()) {
        writes.add(new ProfileCommit.Write(pointer, Map.of(), List.of(), true));
      }
      try {
        profiles.commit(new ProfileCommit(appId, writes, -1));
        return ApiResponse.noContent();
      } catch (ConcurrentUpdateException e) {
        // The user sent events meanwhile: read again and erase that.
      }
    }
    throw new ApiException(409, "conflict", "the user kept changing; try again");
  }

  private ApiResponse explain(String appId, String userId, String segmentId) {
    Segment segment = segmentsResource.existing(appId, segmentId);
    Profile p = existing(appId, userId);
    SegmentCatalog catalog = new SegmentCatalog(segments.all(appId));
    Instant now = clock.instant();
    Explanation explanation = Explanation.of(segment.condition(), p, now, catalog);
    ObjectNode out = Json.object();
    out.put("userId", p.userId());
    out.put("segmentId", segment.id());
    out.put("member", p.memberships().containsKey(segment.id()));
    out.put(
        "enteredAt",
        p.memberships().containsKey(segment.id())
            ? p.memberships().get(segment.id()).toString()
            : null);
    out.put("matchesNow", explanation.result());
    out.put(
        "nextChange",
        explanation.nextChange() == null ? null : explanation.nextChange().toString());
    out.put("asOf", now.toString());
    out.set("condition", renderExplanation(explanation));
    return ApiResponse.ok(out);
  }

  private static ObjectNode renderExplanation(Explanation e) {
    ObjectNode node = Json.object();
    node.put("path", e.path());
    node.put("kind", e.kind());
    node.set("value", e.value());
    node.put("result", e.result());
    node.put("nextChange", e.nextChange() == null ? null : e.nextChange().toString());
    if (!e.children().isEmpty()) {
      ArrayNode children = node.putArray("children");
      e.children().forEach(child -> children.add(renderExplanation(child)));
    }
    return node;
  }
}
