package dev.openpush.domain.engagement;

import java.time.Instant;
import java.util.List;

/** The engagement model as a service (a SageMaker endpoint). */
@FunctionalInterface
public interface WindowPredictor {
  /** One user's predicted best hours. */
  record Prediction(
      String userId, List<EngagementWindow.BestHour> bestHours, String modelVersion) {}

  /**
   * Predicts a batch.
   *
   * @throws RuntimeException when the model cannot answer (none configured, a timeout, an error):
   *     the caller falls back on its built-in estimate
   */
  List<Prediction> predict(List<EngagementHistory> histories, Instant now);
}
