package dev.openpush.engagement;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.openpush.domain.engagement.EngagementModel;
import dev.openpush.domain.json.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * The trained parameters as {@code model.json}, the file SageMaker unpacks into {@code
 * /opt/ml/model} from the model's {@code model.tar.gz}.
 */
public final class ModelArtifact {
  public static final String FILE = "model.json";

  private ModelArtifact() {}

  public static void write(EngagementModel.Parameters p, Path directory) throws IOException {
    ObjectNode out = Json.object();
    out.put("version", p.version());
    out.put("activityWeight", p.activityWeight());
    out.put("priorStrength", p.priorStrength());
    out.put("dayPooling", p.dayPooling());
    out.put("halfLifeDays", p.halfLife().toDays());
    out.set("populationRates", array(p.populationRates()));
    ObjectNode cohorts = out.putObject("cohortRates");
    p.cohortRates().forEach((cohort, rates) -> cohorts.set(cohort, array(rates)));
    Files.createDirectories(directory);
    Files.writeString(directory.resolve(FILE), out.toPrettyString());
  }

  public static EngagementModel.Parameters read(Path directory) throws IOException {
    JsonNode in = Json.mapper().readTree(Files.readString(directory.resolve(FILE)));
    Map<String, double[]> cohorts = new HashMap<>();
    in.path("cohortRates").properties().forEach(c -> cohorts.put(c.getKey(), rates(c.getValue())));
    return new EngagementModel.Parameters(
        in.path("version").asText(),
        rates(in.path("populationRates")),
        cohorts,
        in.path("activityWeight").asDouble(),
        in.path("priorStrength").asDouble(),
        in.path("dayPooling").asDouble(),
        Duration.ofDays(in.path("halfLifeDays").asLong(28)));
  }

  private static ArrayNode array(double[] values) {
    ArrayNode out = Json.mapper().createArrayNode();
    for (double v : values) {
      out.add(Math.round(v * 1e6) / 1e6);
    }
    return out;
  }

  private static double[] rates(JsonNode in) {
    double[] out = new double[in.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = in.get(i).asDouble();
    }
    return out;
  }
}
