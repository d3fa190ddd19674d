package dev.openpush.domain.delivery;

import java.util.Optional;

/** The push services a device registers with, named as SNS names its platform keys. */
public enum Platform {
  APNS,
  APNS_SANDBOX,
  GCM;

  public static Optional<Platform> named(String name) {
    for (Platform platform : values()) {
      if (platform.name().equals(name)) {
        return Optional.of(platform);
      }
    }
    return Optional.empty();
  }

  public boolean isApple() {
    return this != GCM;
  }
}
