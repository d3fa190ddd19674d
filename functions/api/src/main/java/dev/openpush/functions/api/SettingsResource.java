package dev.openpush.functions.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.openpush.aws.dynamodb.DynamoDbSettings;
import dev.openpush.domain.condition.Durations;
import dev.openpush.domain.delivery.Cooldown;
import dev.openpush.domain.delivery.DeliverySettings;
import dev.openpush.domain.delivery.FrequencyCap;
import dev.openpush.domain.delivery.QuietHours;
import dev.openpush.domain.delivery.SettingsRepository;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/** An app's delivery settings: caps, quiet hours, cooldowns, rate limit, default time zone. */
final class SettingsResource {
  private static final Pattern CLOCK = Pattern.compile("([01]\\d|2[0-3]):[0-5]\\d");
  private static final int MAX_RULES = 20;

  private final SettingsRepository settings;

  SettingsResource(SettingsRepository settings) {
    this.settings = settings;
  }

  void register(Router router) {
    String base = "/v1/apps/{appId}/settings";
    router
        .add(
            "GET",
            base,
            (r, p) -> ApiResponse.ok(DynamoDbSettings.write(settings.of(SegmentsResource.app(p)))))
        .add("PUT", base, (r, p) -> put(SegmentsResource.app(p), r));
  }

  private ApiResponse put(String appId, ApiRequest request) {
    JsonNode body = Bodies.object(request);
    List<FrequencyCap> caps = new ArrayList<>();
    for (JsonNode cap : list(body, "frequencyCaps")) {
      if (!cap.isObject()
          || !cap.path("max").canConvertToInt()
          || !cap.path("max").isIntegralNumber()
          || cap.get("max").intValue() < 1
          || cap.get("max").intValue() > 1000) {
        throw ApiException.badRequest(
            "frequencyCaps: each is {\"max\": 1-1000, \"per\": ISO duration}");
      }
      caps.add(
          new FrequencyCap(
              cap.get("max").intValue(), duration(cap.get("per"), "frequencyCaps[].per")));
    }
    QuietHours quiet = null;
    JsonNode q = body.get("quietHours");
    if (q != null && !q.isNull()) {
      if (!q.isObject() || !clock(q.get("start")) || !clock(q.get("end"))) {
        throw ApiException.badRequest(
            "quietHours: must be {\"start\": \"HH:MM\", \"end\": \"HH:MM\"} or null");
      }
      quiet =
          new QuietHours(
              LocalTime.parse(q.get("start").asText()), LocalTime.parse(q.get("end").asText()));
    }
    List<Cooldown> cooldowns = new ArrayList<>();
    for (JsonNode c : list(body, "cooldowns")) {
      if (!c.isObject()
          || !c.path("afterEvent").isTextual()
          || c.get("afterEvent").asText().isEmpty()
          || c.get("afterEvent").asText().length() > 256) {
        throw ApiException.badRequest(
            "cooldowns: each is {\"afterEvent\": name, \"for\": ISO duration}");
      }
      cooldowns.add(
          new Cooldown(c.get("afterEvent").asText(), duration(c.get("for"), "cooldowns[].for")));
    }
    int rate = 0;
    JsonNode r = body.get("rateLimitPerSecond");
    if (r != null && !r.isNull()) {
      if (!r.isIntegralNumber()
          || !r.canConvertToInt()
          || r.intValue() < 0
          || r.intValue() > 100_000) {
        throw ApiException.badRequest(
            "rateLimitPerSecond: must be a whole number from 0 to 100000");
      }
      rate = r.intValue();
    }
    ZoneId zone = ZoneId.of("UTC");
    JsonNode z = body.get("defaultTimezone");
    if (z != null && !z.isNull()) {
      try {
        if (!z.isTextual() || z.asText().length() > 64) {
          throw new DateTimeException("not text");
        }
        zone = ZoneId.of(z.asText());
      } catch (DateTimeException e) {
        throw ApiException.badRequest("defaultTimezone: must be an IANA time zone (Europe/Berlin)");
      }
    }
    DeliverySettings next = new DeliverySettings(caps, quiet, cooldowns, rate, zone);
    settings.save(appId, next);
    return ApiResponse.ok(DynamoDbSettings.write(next));
  }

  private static List<JsonNode> list(JsonNode body, String field) {
    JsonNode node = body.get(field);
    if (node == null || node.isNull()) {
      return List.of();
    }
    if (!node.isArray() || node.size() > MAX_RULES) {
      throw ApiException.badRequest(field + ": must be a list of at most " + MAX_RULES);
    }
    List<JsonNode> items = new ArrayList<>();
    node.forEach(items::add);
    return items;
  }

  private static boolean clock(JsonNode value) {
    return value != null && value.isTextual() && CLOCK.matcher(value.asText()).matches();
  }

  private static Duration duration(JsonNode value, String field) {
    if (value == null || !value.isTextual()) {
      throw ApiException.badRequest(field + ": must be an ISO duration (P1D)");
    }
    try {
      Duration d = Durations.parse(value.asText());
      if (d.isZero() || d.isNegative()) {
        throw ApiException.badRequest(field + ": must be longer than zero");
      }
      return d;
    } catch (IllegalArgumentException e) {
      throw ApiException.badRequest(field + ": " + e.getMessage());
    }
  }
}
