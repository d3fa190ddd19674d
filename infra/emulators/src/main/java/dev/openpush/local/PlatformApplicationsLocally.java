package dev.openpush.local;

import java.util.LinkedHashMap;
import java.util.Map;
import software.amazon.awssdk.services.sns.SnsClient;

/**
 * What an operator does in SNS before deploying (one platform application per app and platform,
 * with the app's APNs key or FCM credentials), done on the emulator with placeholder credentials,
 * which it does not check.
 */
public final class PlatformApplicationsLocally {
  private PlatformApplicationsLocally() {}

  /**
   * Creates the applications and answers them as {@code APP/PLATFORM} to ARN, the form of the
   * template's {@code PlatformApplicationArns}.
   */
  public static Map<String, String> create(
      SnsClient sns, String namePrefix, Iterable<String> apps, String... platforms) {
    Map<String, String> arns = new LinkedHashMap<>();
    for (String app : apps) {
      for (String platform : platforms) {
        String name =
            ("openpush-" + namePrefix + app + "-" + platform).replaceAll("[^A-Za-z0-9_.-]", "-");
        String arn =
            sns.createPlatformApplication(
                    b ->
                        b.name(name)
                            .platform(platform)
                            .attributes(
                                Map.of(
                                    "PlatformCredential", "local-credential",
                                    "PlatformPrincipal", "local-principal")))
                .platformApplicationArn();
        arns.put(app + "/" + platform, arn);
      }
    }
    return arns;
  }

  /** The map as the PLATFORM_APPLICATIONS setting: APP/PLATFORM=ARN, separated by commas. */
  public static String asSetting(Map<String, String> arns) {
    StringBuilder out = new StringBuilder();
    arns.forEach(
        (key, arn) -> out.append(out.isEmpty() ? "" : ",").append(key).append('=').append(arn));
    return out.toString();
  }
}
