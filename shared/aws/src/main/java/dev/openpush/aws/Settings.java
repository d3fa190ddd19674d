package dev.openpush.aws;

import dev.openpush.aws.dynamodb.Tables;
import java.time.Duration;

/**
 * What differs between deployments, read from the environment the template sets.
 *
 * @param deadLetterBucket null for functions that do not dead-letter
 * @param eventsStream null for functions that do not write events
 * @param apiKey a key for every app ({@code API_KEY}); with {@code apiKeys}, the API requires a
 *     listed key in {@code x-api-key} on every request
 * @param apiKeys keys scoped to apps ({@code API_KEYS}: {@code k1=shop|news,k2=*})
 * @param segmentSettle how long after a definition changes every ingest function holds it: the
 *     cache plus one invocation (the template's 60 s timeout) unless set
 * @param sendQueue the URL of the campaigns' send queue ({@code SEND_QUEUE}), null for functions
 *     that do not send
 * @param platformApplications the SNS platform applications by app and platform ({@code
 *     PLATFORM_APPLICATIONS}: {@code APP/PLATFORM=ARN,...}), null if none
 * @param engagementEndpoint the SageMaker endpoint of the engagement model ({@code
 *     ENGAGEMENT_ENDPOINT}), null when none is deployed: windows are then the built-in estimate
 * @param sageMakerUrl where SageMaker Runtime answers ({@code SAGEMAKER_RUNTIME_URL}), null for
 *     AWS's own; locally, the inference server
 */
public record Settings(
    Tables tables,
    String deadLetterBucket,
    String eventsStream,
    Duration segmentCache,
    String apiKey,
    String apiKeys,
    Duration segmentSettle,
    String platformApplications,
    String sendQueue,
    String engagementEndpoint,
    String sageMakerUrl) {
  /** The ingest function's timeout in template.yaml (Globals). */
  private static final long INGEST_TIMEOUT_SECONDS = 60;

  public static Settings fromEnvironment() {
    return from(Settings::variable);
  }

  /** Settings from any lookup of the template's variable names (the local stack passes its own). */
  public static Settings from(java.util.function.Function<String, String> variables) {
    java.util.function.Function<String, String> lookup =
        name -> {
          String value = variables.apply(name);
          return value == null || value.isBlank() ? null : value;
        };
    Duration cache =
        Duration.ofSeconds(Long.parseLong(orDefault(lookup.apply("SEGMENT_CACHE_SECONDS"), "30")));
    return new Settings(
        new Tables(
            required(lookup, "PROFILES_TABLE"),
            required(lookup, "SEGMENTS_TABLE"),
            required(lookup, "MEMBERSHIPS_TABLE"),
            required(lookup, "HISTORY_TABLE"),
            required(lookup, "DELIVERY_TABLE"),
            required(lookup, "CAMPAIGNS_TABLE")),
        lookup.apply("DEAD_LETTER_BUCKET"),
        lookup.apply("EVENTS_STREAM"),
        cache,
        lookup.apply("API_KEY"),
        lookup.apply("API_KEYS"),
        Duration.ofSeconds(
            Long.parseLong(
                orDefault(
                    lookup.apply("SEGMENT_SETTLE_SECONDS"),
                    Long.toString(cache.toSeconds() + INGEST_TIMEOUT_SECONDS)))),
        lookup.apply("PLATFORM_APPLICATIONS"),
        lookup.apply("SEND_QUEUE"),
        lookup.apply("ENGAGEMENT_ENDPOINT"),
        lookup.apply("SAGEMAKER_RUNTIME_URL"));
  }

  private static String required(java.util.function.Function<String, String> lookup, String name) {
    String value = lookup.apply(name);
    if (value == null) {
      throw new IllegalStateException(name + " is not set");
    }
    return value;
  }

  /**
   * An environment variable, else the system property of the same name (how tests and the local
   * stack set what the template sets in AWS); null when neither is set or it is blank.
   */
  public static String variable(String name) {
    String value = System.getenv(name);
    if (value == null || value.isBlank()) {
      value = System.getProperty(name);
    }
    return value == null || value.isBlank() ? null : value;
  }

  private static String orDefault(String value, String fallback) {
    return value == null ? fallback : value;
  }
}
