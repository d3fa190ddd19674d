package dev.openpush.local;

import java.util.Locale;

/**
 * Which emulators stand in for AWS: {@code native} (DynamoDB Local, kinesis-local and moto, the
 * default) or {@code localstack} (LocalStack: its host mode here, its container where a Docker
 * engine answers). Chosen by {@code OPENPUSH_EMULATORS} or the system property {@code
 * openpush.emulators}; both profiles serve the same endpoints and take the same resources from
 * template.yaml.
 */
public enum EmulatorProfile {
  NATIVE,
  LOCALSTACK;

  public static EmulatorProfile selected() {
    String chosen = System.getenv("OPENPUSH_EMULATORS");
    if (chosen == null || chosen.isBlank()) {
      chosen = System.getProperty("openpush.emulators", "native");
    }
    try {
      return valueOf(chosen.strip().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "OPENPUSH_EMULATORS must be native or localstack, not \"" + chosen + "\"");
    }
  }
}
