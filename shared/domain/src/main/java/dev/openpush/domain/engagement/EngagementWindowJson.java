package dev.openpush.domain.engagement;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.openpush.domain.json.Json;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * An engagement window in SPEC 5's shape ({@code timezone}, {@code bestHours}, {@code source},
 * {@code modelVersion}, {@code updatedAt}): how the user body shows it and how it is stored.
 */
public final class EngagementWindowJson {
  private EngagementWindowJson() {}

  public static ObjectNode write(EngagementWindow w) {
    ObjectNode out = Json.object();
    out.put("timezone", w.zone().getId());
    ArrayNode hours = out.putArray("bestHours");
    for (EngagementWindow.BestHour h : w.bestHours()) {
      hours.addObject().put("hourOfWeek", h.hourOfWeek()).put("score", h.score());
    }
    out.put("source", w.source().wireName());
    if (w.modelVersion() != null) {
      out.put("modelVersion", w.modelVersion());
    }
    out.put("updatedAt", w.updatedAt().toString());
    return out;
  }

  public static EngagementWindow read(JsonNode in) {
    List<EngagementWindow.BestHour> hours = new ArrayList<>();
    for (JsonNode h : in.path("bestHours")) {
      hours.add(
          new EngagementWindow.BestHour(h.path("hourOfWeek").asInt(), h.path("score").asDouble()));
    }
    return new EngagementWindow(
        ZoneId.of(in.path("timezone").asText("UTC")),
        hours,
        EngagementWindow.Source.valueOf(
            in.path("source").asText("fallback").toUpperCase(Locale.ROOT)),
        in.hasNonNull("modelVersion") ? in.get("modelVersion").asText() : null,
        Instant.parse(in.path("updatedAt").asText()));
  }
}
