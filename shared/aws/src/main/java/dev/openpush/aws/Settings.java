package dev.openpush.aws;

import dev.openpush.aws.dynamodb.Tables;
import java.time.Duration;

/**
 * What differs between deployments, read from the environment the template sets.
 *
 * @param deadLetterBucket null for functions that do not dead-letter
 * @param eventsStream null for functions that do not write events
 * @param apiKey when set, the local API requires it in {@code x-api-key} (API Gateway does this in
 *     AWS)
 */
public record Settings(
    Tables tables,
    String deadLetterBucket,
    String eventsStream,
    Duration segmentCache,
    String apiKey) {

  public static Settings fromEnvironment() {
    return from(Settings::env);
  }

  /** Settings from any lookup of the template's variable names (the local stack passes its own). */
  public static Settings from(java.util.function.Function<String, String> variables) {
    java.util.function.Function<String, String> lookup =
        name -> {
          String value = variables.apply(name);
          return value == null || value.isBlank() ? null : value;
        };
    return new Settings(
        new Tables(
            required(lookup, "PROFILES_TABLE"),
            required(lookup, "SEGMENTS_TABLE"),
            required(lookup, "MEMBERSHIPS_TABLE")),
        lookup.apply("DEAD_LETTER_BUCKET"),
        lookup.apply("EVENTS_STREAM"),
        Duration.ofSeconds(Long.parseLong(orDefault(lookup.apply("SEGMENT_CACHE_SECONDS"), "30"))),
        lookup.apply("API_KEY"));
  }

  private static String required(java.util.function.Function<String, String> lookup, String name) {
    String value = lookup.apply(name);
    if (value == null) {
      throw new IllegalStateException(name + " is not set");
    }
    return value;
  }

  private static String env(String name) {
    String value = System.getenv(name);
    return value == null || value.isBlank() ? System.getProperty(name) : value;
  }

  private static String orDefault(String value, String fallback) {
    return value == null ? fallback : value;
  }
}
