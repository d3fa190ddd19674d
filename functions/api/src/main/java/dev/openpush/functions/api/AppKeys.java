package dev.openpush.functions.api;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * API keys bound to the apps they may act on: {@code k1=shop|news,k2=*} lets {@code k1} call only
 * {@code /v1/apps/shop/...} and {@code /v1/apps/news/...}, and {@code k2} every app. A key used on
 * another app's path is refused before any handler runs, so holding one app's key never reads,
 * exports or erases another app's users.
 */
final class AppKeys {
  /** A key and the apps it opens; {@code apps} null means every app. */
  private record Grant(byte[] key, Set<String> apps) {}

  /** What a presented key may do on an app. */
  enum Verdict {
    ALLOWED,
    UNKNOWN_KEY,
    OTHER_APP
  }

  private final List<Grant> grants;

  private AppKeys(List<Grant> grants) {
    this.grants = grants;
  }

  /**
   * @param scoped {@code KEY=app|app,KEY=*}, or null
   * @param unscoped a key for every app ({@code API_KEY}), or null
   * @return null when neither is set: the API then asks for no key (API Gateway checks keys in AWS)
   */
  static AppKeys parse(String scoped, String unscoped) {
    List<Grant> grants = new ArrayList<>();
    if (unscoped != null && !unscoped.isBlank()) {
      grants.add(new Grant(unscoped.strip().getBytes(StandardCharsets.UTF_8), null));
    }
    if (scoped != null) {
      for (String entry : scoped.split(",")) {
        if (entry.isBlank()) {
          continue;
        }
        int eq = entry.indexOf('=');
        if (eq <= 0 || eq == entry.length() - 1) {
          throw new IllegalArgumentException(
              "API_KEYS entries are KEY=app|app or KEY=*, separated by commas");
        }
        String key = entry.substring(0, eq).strip();
        String apps = entry.substring(eq + 1).strip();
        grants.add(
            new Grant(
                key.getBytes(StandardCharsets.UTF_8),
                apps.equals("*") ? null : Set.of(apps.split("\\|"))));
      }
    }
    return grants.isEmpty() ? null : new AppKeys(List.copyOf(grants));
  }

  /** Compares with every key in constant time, so timing tells nothing about which keys exist. */
  Verdict check(String presented, String appId) {
    byte[] bytes = presented == null ? new byte[0] : presented.getBytes(StandardCharsets.UTF_8);
    Grant match = null;
    for (Grant grant : grants) {
      if (MessageDigest.isEqual(bytes, grant.key) && match == null) {
        match = grant;
      }
    }
    if (match == null) {
      return Verdict.UNKNOWN_KEY;
    }
    return match.apps == null || (appId != null && match.apps.contains(appId))
        ? Verdict.ALLOWED
        : Verdict.OTHER_APP;
  }
}
