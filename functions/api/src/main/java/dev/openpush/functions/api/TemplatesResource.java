package dev.openpush.functions.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.openpush.domain.event.Ids;
import dev.openpush.domain.json.Json;
import dev.openpush.domain.ports.ConcurrentUpdateException;
import dev.openpush.domain.profile.Profile;
import dev.openpush.domain.template.MessageTemplate;
import dev.openpush.domain.template.RenderedMessage;
import dev.openpush.domain.template.TemplateRepository;
import dev.openpush.domain.template.Templates;
import dev.openpush.domain.users.UserProfiles;
import java.util.LinkedHashMap;
import java.util.Map;

/** Message templates: create, list, read, and render for one user (SPEC 3). */
final class TemplatesResource {
  private static final int MAX_NAME = 256;
  private static final int MAX_TEXT = 4_096;
  private static final int MAX_DATA_KEYS = 50;

  private final Templates templates;
  private final UserProfiles users;

  TemplatesResource(Templates templates, UserProfiles users) {
    this.templates = templates;
    this.users = users;
  }

  void register(Router router) {
    String base = "/v1/apps/{appId}/templates";
    router
        .add("POST", base, (r, p) -> create(SegmentsResource.app(p), r))
        .add("GET", base, (r, p) -> list(SegmentsResource.app(p), r))
        .add(
            "GET",
            base + "/{id}",
            (r, p) -> ApiResponse.ok(render(existing(SegmentsResource.app(p), p.get("id")))))
        .add(
            "POST",
            base + "/{id}/render",
            (r, p) -> renderFor(SegmentsResource.app(p), p.get("id"), r));
  }

  private ApiResponse create(String appId, ApiRequest request) {
    JsonNode body = Bodies.object(request);
    String id = body.hasNonNull("id") ? Bodies.id(text(body, "id", MAX_NAME, false), "id") : null;
    Map<String, String> data = new LinkedHashMap<>();
    JsonNode dataField = body.get("data");
    if (dataField != null && !dataField.isNull()) {
      if (!dataField.isObject() || dataField.size() > MAX_DATA_KEYS) {
        throw ApiException.badRequest(
            "data: must be an object of at most " + MAX_DATA_KEYS + " string values");
      }
      for (var entry : dataField.properties()) {
        String problem = Ids.nameIdProblem(entry.getKey());
        if (problem != null) {
          throw ApiException.badRequest("data: a key " + problem);
        }
        if (!entry.getValue().isTextual() || entry.getValue().asText().length() > MAX_TEXT) {
          throw ApiException.badRequest(
              "data."
                  + entry.getKey()
                  + ": must be a string of at most "
                  + MAX_TEXT
                  + " characters");
        }
        data.put(entry.getKey(), entry.getValue().asText());
      }
    }
    Templates.Draft draft =
        new Templates.Draft(
            id,
            text(body, "name", MAX_NAME, true),
            text(body, "title", MAX_TEXT, true),
            text(body, "body", MAX_TEXT, true),
            text(body, "deepLink", MAX_TEXT, false),
            data);
    try {
      return ApiResponse.created(render(templates.create(appId, draft)));
    } catch (Templates.RefusedTemplateException e) {
      throw new ApiException(400, e.code(), e.getMessage());
    } catch (ConcurrentUpdateException e) {
      throw new ApiException(409, "conflict", "a template with id " + Bodies.quote(id) + " exists");
    }
  }

  private ApiResponse list(String appId, ApiRequest request) {
    TemplateRepository.Page page =
        templates.list(appId, request.queryParam("cursor"), Bodies.limit(request, 100, 1000));
    ObjectNode out = Json.object();
    ArrayNode items = out.putArray("items");
    page.templates().forEach(t -> items.add(render(t)));
    out.put("nextCursor", page.nextCursor());
    return ApiResponse.ok(out);
  }

  private ApiResponse renderFor(String appId, String templateId, ApiRequest request) {
    MessageTemplate template = existing(appId, templateId);
    JsonNode body = Bodies.object(request);
    JsonNode userField = body.get("userId");
    if (userField == null || !userField.isTextual()) {
      throw ApiException.badRequest("userId: must be a string");
    }
    String userId = Bodies.userId(userField.asText());
    JsonNode event = body.get("event");
    if (event != null && !event.isNull() && !event.isObject()) {
      throw ApiException.badRequest("event: must be an object, as the triggering event");
    }
    Profile user =
        users
            .find(appId, userId)
            .orElseThrow(
                () ->
                    ApiException.notFound(
                        "no user " + Bodies.quote(userId) + " in app " + Bodies.quote(appId)));
    RenderedMessage rendered =
        templates.render(template, user, event == null || event.isNull() ? null : event);
    ObjectNode out = Json.object();
    out.put("title", rendered.title());
    out.put("body", rendered.body());
    out.put("deepLink", rendered.deepLink());
    ObjectNode data = out.putObject("data");
    rendered.data().forEach(data::put);
    ArrayNode fallbacks = out.putArray("fallbacks");
    rendered.fallbacks().forEach(fallbacks::add);
    return ApiResponse.ok(out);
  }

  private MessageTemplate existing(String appId, String id) {
    Bodies.id(id, "templateId");
    return templates
        .find(appId, id)
        .orElseThrow(
            () ->
                ApiException.notFound(
                    "no template " + Bodies.quote(id) + " in app " + Bodies.quote(appId)));
  }

  static ObjectNode render(MessageTemplate t) {
    ObjectNode out = Json.object();
    out.put("id", t.id());
    out.put("name", t.name());
    out.put("title", t.title());
    out.put("body", t.body());
    out.put("deepLink", t.deepLink());
    ObjectNode data = out.putObject("data");
    t.data().forEach(data::put);
    out.put("version", t.version());
    out.put("createdAt", t.createdAt().toString());
    out.put("updatedAt", t.updatedAt().toString());
    return out;
  }

  private static String text(JsonNode body, String field, int max, boolean required) {
    JsonNode node = body.get(field);
    if (node == null || node.isNull()) {
      if (required) {
        throw ApiException.badRequest(field + ": is required");
      }
      return null;
    }
    if (!node.isTextual()
        || node.asText().length() > max
        || (required && node.asText().isEmpty())) {
      throw ApiException.badRequest(
          field
              + ": must be a "
              + (required ? "non-empty " : "")
              + "string of at most "
              + max
              + " characters");
    }
    return node.asText();
  }
}
