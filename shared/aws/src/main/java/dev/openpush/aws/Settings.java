package dev.openpush.aws;

import dev.openpush.aws.dynamodb.Tables;
import java.time.Duration;

/**
 * What differs between deployments, read from the environment the template sets.
 *
 * @param deadLetterBucket null for functions that do not dead-letter
 * @param eventsStream null for functions that do not write events
 * @param apiKey when set, the local API requires it in {@code x-api-key} (API Gateway does this in AWS)
 */
public record Settings(Tables tables, String deadLetterBucket, String eventsStream, Duration segmentCache, String apiKey) {

  public static Settings fromEnvironment() {
    return new Settings(
        Tables.fromEnvironment(),
        env("DEAD_LETTER_BUCKET"),
        env("EVENTS_STREAM"),
        Duration.ofSeconds(Long.parseLong(orDefault(env("SEGMENT_CACHE_SECONDS"), "30"))),
        env("API_KEY"));
  }

  private static String env(String name) {
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
