package dev.openpush.functions.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.openpush.domain.delivery.Consent;
import dev.openpush.domain.delivery.Device;
import dev.openpush.domain.delivery.Devices;
import dev.openpush.domain.delivery.Platform;
import dev.openpush.domain.event.Ids;
import dev.openpush.domain.json.Json;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/** A user's push devices and consent (SPEC 3 push bodies). */
final class DevicesResource {
  /** APNs tokens are 64 hex digits and FCM's about 160 characters; both printable ASCII. */
  private static final Pattern TOKEN = Pattern.compile("[\\x21-\\x7E]{1,4096}");

  private static final int MAX_TOPICS = 100;

  private final Devices devices;

  DevicesResource(Devices devices) {
    this.devices = devices;
  }

  void register(Router router) {
    String base = "/v1/apps/{appId}/users/{userId}";
    router
        .add(
            "PUT",
            base + "/devices/{deviceId}",
            (r, p) ->
                put(SegmentsResource.app(p), Bodies.userId(p.get("userId")), p.get("deviceId"), r))
        .add(
            "DELETE",
            base + "/devices/{deviceId}",
            (r, p) -> {
              devices.remove(
                  SegmentsResource.app(p),
                  Bodies.userId(p.get("userId")),
                  Bodies.id(p.get("deviceId"), "deviceId"));
              return ApiResponse.noContent();
            })
        .add(
            "PUT",
            base + "/consent",
            (r, p) -> consent(SegmentsResource.app(p), Bodies.userId(p.get("userId")), r));
  }

  private ApiResponse put(String appId, String userId, String deviceId, ApiRequest request) {
    Bodies.id(deviceId, "deviceId");
    JsonNode body = Bodies.object(request);
    JsonNode platformField = body.get("platform");
    Platform platform =
        platformField != null && platformField.isTextual()
            ? Platform.named(platformField.asText()).orElse(null)
            : null;
    if (platform == null) {
      throw ApiException.badRequest("platform: must be one of APNS, APNS_SANDBOX, GCM");
    }
    JsonNode tokenField = body.get("token");
    if (tokenField == null
        || !tokenField.isTextual()
        || !TOKEN.matcher(tokenField.asText()).matches()) {
      throw ApiException.badRequest(
          "token: must be a string of 1 to 4096 printable ASCII characters, no spaces");
    }
    Devices.Registration registration;
    try {
      registration = devices.register(appId, userId, deviceId, platform, tokenField.asText());
    } catch (Devices.PlatformNotConfiguredException e) {
      throw new ApiException(400, "platform_not_configured", e.getMessage());
    } catch (Devices.TooManyDevicesException e) {
      throw new ApiException(409, "too_many_devices", e.getMessage());
    }
    ObjectNode out = render(registration.device());
    return registration.created() ? ApiResponse.created(out) : ApiResponse.ok(out);
  }

  private ApiResponse consent(String appId, String userId, ApiRequest request) {
    JsonNode body = Bodies.object(request);
    JsonNode push = body.get("push");
    if (push == null || !push.isBoolean()) {
      throw ApiException.badRequest("push: must be true or false");
    }
    Map<String, Boolean> topics = new LinkedHashMap<>();
    JsonNode topicsField = body.get("topics");
    if (topicsField != null && !topicsField.isNull()) {
      if (!topicsField.isObject()) {
        throw ApiException.badRequest("topics: must be an object of topic to true or false");
      }
      if (topicsField.size() > MAX_TOPICS) {
        throw ApiException.badRequest("topics: at most " + MAX_TOPICS + " topics");
      }
      for (var topic : topicsField.properties()) {
        String problem = Ids.nameIdProblem(topic.getKey());
        if (problem != null) {
          throw ApiException.badRequest("topics: a topic name " + problem);
        }
        if (!topic.getValue().isBoolean()) {
          throw ApiException.badRequest("topics." + topic.getKey() + ": must be true or false");
        }
        topics.put(topic.getKey(), topic.getValue().booleanValue());
      }
    }
    return ApiResponse.ok(render(devices.setConsent(appId, userId, push.booleanValue(), topics)));
  }

  static ObjectNode render(Device device) {
    ObjectNode out = Json.object();
    out.put("deviceId", device.deviceId());
    out.put("platform", device.platform().name());
    out.put("token", device.token());
    out.put("status", device.valid() ? "active" : "invalid");
    out.put("updatedAt", device.updatedAt().toString());
    return out;
  }

  static ObjectNode render(Consent consent) {
    ObjectNode out = Json.object();
    out.put("push", consent.push());
    ObjectNode topics = out.putObject("topics");
    consent.topics().forEach(topics::put);
    out.put("updatedAt", consent.updatedAt() == null ? null : consent.updatedAt().toString());
    return out;
  }
}
