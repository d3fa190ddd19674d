package dev.openpush.functions.api;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.openpush.domain.campaign.Outcomes;
import dev.openpush.domain.condition.ComputedMetric;
import dev.openpush.domain.condition.Condition;
import dev.openpush.domain.condition.Evaluator;
import dev.openpush.domain.condition.Explanation;
import dev.openpush.domain.delivery.DeliveryState;
import dev.openpush.domain.delivery.Devices;
import dev.openpush.domain.json.Json;
import dev.openpush.domain.profile.Profile;
import dev.openpush.domain.profile.StoredEvent;
import dev.openpush.domain.segment.Segment;
import dev.openpush.domain.users.UserProfiles;
import java.time.Clock;
import java.time.Instant;
import java.util.TreeMap;

/** A user's profile, why they are in a segment or not, export and erasure. */
final class UsersResource {
  private final UserProfiles users;
  private final Devices devices;
  private final Outcomes outcomes;
  private final SegmentsResource segmentsResource;
  private final Clock clock;

  UsersResource(
      UserProfiles users,
      Devices devices,
      Outcomes outcomes,
      SegmentsResource segmentsResource,
      Clock clock) {
    this.users = users;
    this.devices = devices;
    this.outcomes = outcomes;
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
            (r, p) -> ApiResponse.ok(export(withHistory(SegmentsResource.app(p), p.get("userId")))))
        .add(
            "GET",
            base + "/segments/{id}/explain",
            (r, p) -> explain(SegmentsResource.app(p), p.get("userId"), p.get("id")));
  }

  /** The profile for a user id; an id merged into another user answers with that user. */
  private Profile existing(String appId, String userId) {
    return users.find(appId, Bodies.userId(userId)).orElseThrow(() -> noUser(appId, userId));
  }

  /** The same with the whole history, older events in chunks included. */
  private Profile withHistory(String appId, String userId) {
    return users
        .findWithHistory(appId, Bodies.userId(userId))
        .orElseThrow(() -> noUser(appId, userId));
  }

  private static ApiException noUser(String appId, String userId) {
    return ApiException.notFound("no user \"" + userId + "\" in app \"" + appId + "\"");
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
          Evaluator.valueOf(new Condition.Computed("", metric, null), p, now, id -> null));
    }
    ObjectNode context = out.putObject("context");
    p.context()
        .asMap()
        .forEach((field, value) -> context.set(field.conditionName(), value.value()));
    ArrayNode segmentIds = out.putArray("segments");
    new java.util.TreeSet<>(p.memberships().segmentIds()).forEach(segmentIds::add);
    DeliveryState delivery = devices.of(p.appId(), p.userId());
    ArrayNode deviceList = out.putArray("devices");
    delivery.devices().forEach(d -> deviceList.add(DevicesResource.render(d)));
    if (delivery.window() == null) {
      out.putNull("engagementWindow");
    } else {
      out.set(
          "engagementWindow",
          dev.openpush.domain.engagement.EngagementWindowJson.write(delivery.window()));
    }
    out.set("consent", DevicesResource.render(delivery.consent()));
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
    new TreeMap<>(p.memberships().asMap()).forEach((id, at) -> memberships.put(id, at.toString()));
    out.put("exportedAt", clock.instant().toString());
    return out;
  }

  /**
   * Answers 204 only once everything held on the user is gone (what campaigns recorded of them,
   * push endpoints and delivery state first, then the profile and all it points to); any failure is
   * an error, and calling again finishes the job.
   */
  private ApiResponse erase(String appId, String userId) {
    String id = Bodies.userId(userId);
    // What campaigns recorded of the user goes first: the runs are read from the delivery state.
    outcomes.forget(appId, id, devices.of(appId, id).recentSends());
    devices.forget(appId, id);
    users.erase(appId, Bodies.userId(userId));
    return ApiResponse.noContent();
  }

  private ApiResponse explain(String appId, String userId, String segmentId) {
    Segment segment = segmentsResource.existing(appId, segmentId);
    Profile p = withHistory(appId, userId);
    Instant now = clock.instant();
    Explanation explanation = users.explain(p, segment);
    ObjectNode out = Json.object();
    out.put("userId", p.userId());
    out.put("segmentId", segment.id());
    Instant enteredAt = p.memberships().enteredAt(segment.id());
    out.put("member", enteredAt != null);
    out.put("enteredAt", enteredAt == null ? null : enteredAt.toString());
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
