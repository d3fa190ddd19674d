package dev.openpush.domain.engagement;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.openpush.domain.json.Json;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;

/**
 * A user's engagement history as one instance of the model's batch ({@code {"userId", "timezone",
 * "cohort", "pushes": [{"at", "opened"}], "appOpens": [at]}}): what the scoring function sends to
 * the endpoint and the inference server reads.
 */
public final class EngagementHistoryJson {
  private EngagementHistoryJson() {}

  public static ObjectNode write(EngagementHistory h) {
    ObjectNode out = Json.object();
    out.put("userId", h.userId()).put("timezone", h.zone().getId()).put("cohort", h.cohort());
    ArrayNode pushes = out.putArray("pushes");
    h.pushes()
        .forEach(p -> pushes.addObject().put("at", p.at().toString()).put("opened", p.opened()));
    ArrayNode opens = out.putArray("appOpens");
    h.appOpens().forEach(a -> opens.add(a.toString()));
    return out;
  }

  /**
   * @throws IllegalArgumentException or {@link java.time.DateTimeException} when it cannot be read
   */
  public static EngagementHistory read(JsonNode in) {
    if (!in.path("userId").isTextual() || !in.path("timezone").isTextual()) {
      throw new IllegalArgumentException("each instance needs userId and timezone");
    }
    List<EngagementHistory.Push> pushes = new ArrayList<>();
    for (JsonNode push : in.path("pushes")) {
      pushes.add(
          new EngagementHistory.Push(
              Instant.parse(push.path("at").asText()), push.path("opened").asBoolean(false)));
    }
    List<Instant> opens = new ArrayList<>();
    for (JsonNode open : in.path("appOpens")) {
      opens.add(Instant.parse(open.asText()));
    }
    return new EngagementHistory(
        in.get("userId").asText(),
        ZoneId.of(in.get("timezone").asText()),
        in.path("cohort").asText(""),
        pushes,
        opens);
  }
}
