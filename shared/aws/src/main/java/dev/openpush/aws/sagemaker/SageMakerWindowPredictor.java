package dev.openpush.aws.sagemaker;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.openpush.domain.engagement.EngagementHistory;
import dev.openpush.domain.engagement.EngagementHistoryJson;
import dev.openpush.domain.engagement.EngagementScoring;
import dev.openpush.domain.engagement.EngagementWindow;
import dev.openpush.domain.engagement.WindowPredictor;
import dev.openpush.domain.json.Json;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.sagemakerruntime.SageMakerRuntimeClient;

/**
 * The engagement model behind a SageMaker endpoint: {@code InvokeEndpoint} with JSON batches of at
 * most 1,000 users and 4 MB (serverless inference's payload limit; real-time endpoints take 6), as
 * the inference server of infra/engagement-model reads them.
 */
public final class SageMakerWindowPredictor implements WindowPredictor {
  static final int MAX_USERS = 1_000;
  static final int MAX_BYTES = 4 * 1024 * 1024;

  private final SageMakerRuntimeClient runtime;
  private final String endpoint;

  public SageMakerWindowPredictor(SageMakerRuntimeClient runtime, String endpoint) {
    this.runtime = runtime;
    this.endpoint = endpoint;
  }

  @Override
  public List<Prediction> predict(List<EngagementHistory> histories, Instant now) {
    List<Prediction> predictions = new ArrayList<>();
    List<ObjectNode> batch = new ArrayList<>();
    int bytes = 0;
    for (EngagementHistory history : histories) {
      ObjectNode instance = EngagementHistoryJson.write(history);
      int size = instance.toString().getBytes(StandardCharsets.UTF_8).length + 1;
      if (!batch.isEmpty() && (batch.size() == MAX_USERS || bytes + size > MAX_BYTES - 1024)) {
        predictions.addAll(invoke(batch, now));
        batch.clear();
        bytes = 0;
      }
      batch.add(instance);
      bytes += size;
    }
    if (!batch.isEmpty()) {
      predictions.addAll(invoke(batch, now));
    }
    return predictions;
  }

  private List<Prediction> invoke(List<ObjectNode> instances, Instant now) {
    // Explore: hours ordered by a draw from each one's posterior, so windows do not lock in.
    ObjectNode request =
        Json.object()
            .put("now", now.toString())
            .put("top", EngagementScoring.BEST_HOURS)
            .put("explore", true);
    ArrayNode array = request.putArray("instances");
    instances.forEach(array::add);
    String answer =
        runtime
            .invokeEndpoint(
                b ->
                    b.endpointName(endpoint)
                        .contentType("application/json")
                        .accept("application/json")
                        .body(SdkBytes.fromUtf8String(request.toString())))
            .body()
            .asUtf8String();
    JsonNode out;
    try {
      out = Json.mapper().readTree(answer);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("the model answered something that is not JSON", e);
    }
    String version = out.path("modelVersion").asText(null);
    List<Prediction> predictions = new ArrayList<>();
    for (JsonNode p : out.path("predictions")) {
      List<EngagementWindow.BestHour> hours = new ArrayList<>();
      for (JsonNode h : p.path("bestHours")) {
        int hour = h.path("hourOfWeek").asInt(-1);
        double score = h.path("score").asDouble(-1);
        if (hour >= 0 && hour < 168 && score >= 0 && score <= 1) {
          hours.add(new EngagementWindow.BestHour(hour, score));
        }
      }
      predictions.add(new Prediction(p.path("userId").asText(), hours, version));
    }
    return predictions;
  }
}
