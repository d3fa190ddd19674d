package dev.openpush.domain.campaign;

import com.fasterxml.jackson.databind.JsonNode;
import dev.openpush.domain.condition.Durations;
import dev.openpush.domain.delivery.FrequencyCap;
import dev.openpush.domain.event.Ids;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Reads a campaign definition (SPEC 3 {@code campaign in}) into a {@link Campaign}, refusing what
 * the contract does not allow with the JSON path of the field at fault.
 */
public final class CampaignDefinitions {
  public static final int MAX_VARIANTS = 10;
  public static final int MAX_CAPS = 10;
  private static final String SINGLE_VARIANT = "default";

  private CampaignDefinitions() {}

  /** What a definition says; the stored state (status, run, version, times) is the caller's. */
  public static Campaign parse(
      String appId,
      String id,
      JsonNode d,
      CampaignStatus status,
      String runId,
      long version,
      Instant createdAt,
      Instant updatedAt) {
    if (d == null || !d.isObject()) {
      throw new InvalidCampaignException("$", "must be a JSON object");
    }
    String name = text(d, "name", 256, true);
    String segmentId = nameId(d, "segmentId", true);
    String templateId = nameId(d, "templateId", false);
    List<Variant> variants = variants(d, templateId);
    int holdout = integer(d, "holdoutPercent", 0, 50, 0);
    Schedule schedule = schedule(d.get("schedule"), createdAt);
    JsonNode sendAt = d.get("sendAt");
    if (sendAt != null
        && !sendAt.isNull()
        && !(sendAt.isTextual()
            && (sendAt.asText().equals("scheduled")
                || sendAt.asText().equals("engagementWindow")))) {
      throw new InvalidCampaignException(
          "$.sendAt", "must be \"scheduled\" or \"engagementWindow\"");
    }
    Duration deadline = duration(d, "deadline", false);
    String topic = nameId(d, "topic", false);
    Campaign.Conversion conversion = null;
    JsonNode c = d.get("conversion");
    if (c != null && !c.isNull()) {
      if (!c.isObject()) {
        throw new InvalidCampaignException("$.conversion", "must be {\"event\", \"within\"}");
      }
      conversion =
          new Campaign.Conversion(
              text(c, "event", 256, true, "$.conversion."),
              duration(c, "within", true, "$.conversion."));
    }
    int rate = integer(d, "rateLimitPerSecond", 1, 100_000, 0);
    boolean ignoreCaps = false;
    boolean drop = false;
    JsonNode rules = d.get("rules");
    if (rules != null && !rules.isNull()) {
      if (!rules.isObject()) {
        throw new InvalidCampaignException("$.rules", "must be an object");
      }
      JsonNode ignore = rules.get("ignoreFrequencyCaps");
      if (ignore != null && !ignore.isNull()) {
        if (!ignore.isBoolean()) {
          throw new InvalidCampaignException(
              "$.rules.ignoreFrequencyCaps", "must be true or false");
        }
        ignoreCaps = ignore.booleanValue();
      }
      JsonNode quiet = rules.get("quietHours");
      if (quiet != null && !quiet.isNull()) {
        if (!quiet.isTextual()
            || !(quiet.asText().equals("defer") || quiet.asText().equals("drop"))) {
          throw new InvalidCampaignException("$.rules.quietHours", "must be \"defer\" or \"drop\"");
        }
        drop = quiet.asText().equals("drop");
      }
    }
    return new Campaign(
        appId,
        id,
        name,
        segmentId,
        variants,
        holdout,
        schedule,
        deadline,
        topic,
        conversion,
        rate,
        ignoreCaps,
        drop,
        caps(d),
        d,
        status,
        runId,
        version,
        createdAt,
        updatedAt);
  }

  /** The templates a campaign sends, for checking that they exist. */
  public static Set<String> templateIds(Campaign campaign) {
    Set<String> ids = new HashSet<>();
    campaign.variants().forEach(v -> ids.add(v.templateId()));
    return ids;
  }

  private static List<Variant> variants(JsonNode d, String templateId) {
    JsonNode list = d.get("variants");
    boolean hasVariants = list != null && !list.isNull();
    if (hasVariants == (templateId != null)) {
      throw new InvalidCampaignException("$", "give exactly one of templateId and variants");
    }
    if (templateId != null) {
      return List.of(new Variant(SINGLE_VARIANT, 1, templateId));
    }
    if (!list.isArray() || list.isEmpty() || list.size() > MAX_VARIANTS) {
      throw new InvalidCampaignException(
          "$.variants", "must be a list of 1 to " + MAX_VARIANTS + " variants");
    }
    List<Variant> variants = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    long total = 0;
    for (int i = 0; i < list.size(); i++) {
      JsonNode v = list.get(i);
      String path = "$.variants[" + i + "].";
      if (!v.isObject()) {
        throw new InvalidCampaignException(
            "$.variants[" + i + "]", "must be {\"id\", \"weight\", \"templateId\"}");
      }
      String id = nameId(v, "id", true, path);
      if (!seen.add(id)) {
        throw new InvalidCampaignException(path + "id", "repeats another variant's id");
      }
      int weight = integer(v, "weight", 0, 1_000, -1, path);
      if (weight < 0) {
        throw new InvalidCampaignException(path + "weight", "is required");
      }
      total += weight;
      variants.add(new Variant(id, weight, nameId(v, "templateId", true, path)));
    }
    if (total == 0) {
      throw new InvalidCampaignException("$.variants", "the weights must add up to more than 0");
    }
    return variants;
  }

  private static Schedule schedule(JsonNode s, Instant createdAt) {
    if (s == null || !s.isObject() || !s.path("type").isTextual()) {
      throw new InvalidCampaignException("$.schedule", "must be an object with a type");
    }
    String type = s.get("type").asText();
    return switch (type) {
      case "immediate" -> new Schedule.Immediate();
      case "at" -> at(s, createdAt);
      case "recurring" -> recurring(s);
      case "triggered" -> triggered(s);
      default ->
          throw new InvalidCampaignException(
              "$.schedule.type", "must be immediate, at, recurring or triggered");
    };
  }

  /** How far ahead a campaign may be scheduled: what the send queue can carry, hop by hop. */
  public static final Duration MAX_AHEAD = Duration.ofDays(400);

  private static Schedule at(JsonNode s, Instant createdAt) {
    String at = text(s, "at", 64, true, "$.schedule.");
    JsonNode local = s.get("localTime");
    if (local != null && !local.isNull() && !local.isBoolean()) {
      throw new InvalidCampaignException("$.schedule.localTime", "must be true or false");
    }
    try {
      if (local != null && local.asBoolean(false)) {
        return new Schedule.At(null, LocalDateTime.parse(at));
      }
      Instant when = OffsetDateTime.parse(at).toInstant();
      if (when.isAfter(createdAt.plus(MAX_AHEAD))) {
        throw new InvalidCampaignException(
            "$.schedule.at", "must be at most 400 days after the campaign is created");
      }
      return new Schedule.At(when, null);
    } catch (DateTimeParseException e) {
      throw new InvalidCampaignException(
          "$.schedule.at",
          local != null && local.asBoolean(false)
              ? "must be a local date and time without an offset (2026-12-01T09:00:00)"
              : "must be an ISO time with an offset (2026-12-01T09:00:00Z)");
    }
  }

  private static Schedule recurring(JsonNode s) {
    String cron = text(s, "cron", 128, true, "$.schedule.");
    if (cron.chars().anyMatch(Character::isISOControl)) {
      throw new InvalidCampaignException("$.schedule.cron", "must not contain control characters");
    }
    String[] fields = cron.strip().split("\\s+");
    if (fields.length != 5) {
      throw new InvalidCampaignException(
          "$.schedule.cron", "must have five fields: m h dom mon dow");
    }
    String zone = text(s, "timezone", 64, false, "$.schedule.");
    try {
      return new Schedule.Recurring(
          cron.strip(), zone == null ? ZoneOffset.UTC : zoneOf(zone, "$.schedule.timezone"));
    } catch (IllegalArgumentException unreadable) {
      throw new InvalidCampaignException("$.schedule.cron", unreadable.getMessage());
    }
  }

  private static Schedule triggered(JsonNode s) {
    JsonNode on = s.get("on");
    if (on == null || !on.isObject()) {
      throw new InvalidCampaignException(
          "$.schedule.on", "must be {\"segmentEntry\": id} or {\"event\": name}");
    }
    String segment = nameId(on, "segmentEntry", false, "$.schedule.on.");
    String event = text(on, "event", 256, false, "$.schedule.on.");
    if ((segment == null) == (event == null)) {
      throw new InvalidCampaignException(
          "$.schedule.on", "give exactly one of segmentEntry and event");
    }
    Duration delay = duration(s, "delay", false, "$.schedule.");
    String exit = null;
    JsonNode exitOn = s.get("exitOn");
    if (exitOn != null && !exitOn.isNull()) {
      if (!exitOn.isObject()) {
        throw new InvalidCampaignException("$.schedule.exitOn", "must be {\"event\": name}");
      }
      exit = text(exitOn, "event", 256, true, "$.schedule.exitOn.");
    }
    return new Schedule.Triggered(segment, event, delay == null ? Duration.ZERO : delay, exit);
  }

  private static List<FrequencyCap> caps(JsonNode d) {
    JsonNode list = d.get("frequencyCaps");
    if (list == null || list.isNull()) {
      return List.of();
    }
    if (!list.isArray() || list.size() > MAX_CAPS) {
      throw new InvalidCampaignException(
          "$.frequencyCaps", "must be a list of at most " + MAX_CAPS + " caps");
    }
    List<FrequencyCap> caps = new ArrayList<>();
    for (int i = 0; i < list.size(); i++) {
      String path = "$.frequencyCaps[" + i + "].";
      JsonNode cap = list.get(i);
      if (!cap.isObject()) {
        throw new InvalidCampaignException(
            "$.frequencyCaps[" + i + "]", "must be {\"max\", \"per\"}");
      }
      caps.add(
          new FrequencyCap(
              integer(cap, "max", 1, 1_000, 1, path), duration(cap, "per", true, path)));
    }
    return caps;
  }

  static ZoneId zoneOf(String zone, String path) {
    try {
      return ZoneId.of(zone);
    } catch (DateTimeException e) {
      throw new InvalidCampaignException(path, "must be an IANA time zone (Europe/Berlin)");
    }
  }

  private static String text(JsonNode d, String field, int max, boolean required) {
    return text(d, field, max, required, "$.");
  }

  private static String text(JsonNode d, String field, int max, boolean required, String path) {
    JsonNode node = d.get(field);
    if (node == null || node.isNull()) {
      if (required) {
        throw new InvalidCampaignException(path + field, "is required");
      }
      return null;
    }
    if (!node.isTextual() || node.asText().isEmpty() || node.asText().length() > max) {
      throw new InvalidCampaignException(
          path + field, "must be a string of 1 to " + max + " characters");
    }
    return node.asText();
  }

  private static String nameId(JsonNode d, String field, boolean required) {
    return nameId(d, field, required, "$.");
  }

  private static String nameId(JsonNode d, String field, boolean required, String path) {
    String value = text(d, field, Ids.MAX_NAME_ID, required, path);
    if (value != null) {
      String problem = Ids.nameIdProblem(value);
      if (problem != null) {
        throw new InvalidCampaignException(path + field, problem);
      }
    }
    return value;
  }

  private static int integer(JsonNode d, String field, int min, int max, int fallback) {
    return integer(d, field, min, max, fallback, "$.");
  }

  private static int integer(
      JsonNode d, String field, int min, int max, int fallback, String path) {
    JsonNode node = d.get(field);
    if (node == null || node.isNull()) {
      return fallback;
    }
    if (!node.isIntegralNumber()
        || !node.canConvertToInt()
        || node.intValue() < min
        || node.intValue() > max) {
      throw new InvalidCampaignException(
          path + field, "must be a whole number from " + min + " to " + max);
    }
    return node.intValue();
  }

  private static Duration duration(JsonNode d, String field, boolean required) {
    return duration(d, field, required, "$.");
  }

  private static Duration duration(JsonNode d, String field, boolean required, String path) {
    String text = text(d, field, 64, required, path);
    if (text == null) {
      return null;
    }
    try {
      Duration value = Durations.parse(text);
      if (value.isZero() || value.isNegative()) {
        throw new InvalidCampaignException(path + field, "must be longer than zero");
      }
      return value;
    } catch (IllegalArgumentException e) {
      throw new InvalidCampaignException(path + field, e.getMessage());
    }
  }
}
