package dev.openpush.aws.sns;

import dev.openpush.domain.delivery.Platform;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The SNS platform application of each app and platform, from {@code PLATFORM_APPLICATIONS} ({@code
 * APP/PLATFORM=ARN,...}, the template's {@code PlatformApplicationArns}).
 */
public record PlatformApplications(Map<String, String> arnByAppAndPlatform) {

  public static PlatformApplications parse(String setting) {
    Map<String, String> arns = new HashMap<>();
    if (setting != null) {
      for (String entry : setting.split(",")) {
        String trimmed = entry.strip();
        if (trimmed.isEmpty()) {
          continue;
        }
        int equals = trimmed.indexOf('=');
        int slash = trimmed.indexOf('/');
        if (equals < 0 || slash < 0 || slash > equals) {
          throw new IllegalStateException(
              "PLATFORM_APPLICATIONS entries are APP/PLATFORM=ARN, got: " + trimmed);
        }
        String platform = trimmed.substring(slash + 1, equals);
        if (Platform.named(platform).isEmpty()) {
          throw new IllegalStateException("unknown platform in PLATFORM_APPLICATIONS: " + platform);
        }
        arns.put(trimmed.substring(0, equals), trimmed.substring(equals + 1));
      }
    }
    return new PlatformApplications(Map.copyOf(arns));
  }

  public Optional<String> arnOf(String appId, Platform platform) {
    return Optional.ofNullable(arnByAppAndPlatform.get(appId + "/" + platform.name()));
  }
}
