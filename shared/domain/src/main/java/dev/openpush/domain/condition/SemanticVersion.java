package dev.openpush.domain.condition;

/**
 * Semantic-version order (2.0.0 rules): numeric core parts compared as numbers, missing parts are
 * 0, a pre-release sorts before its release. Non-numeric parts compare as text.
 */
final class SemanticVersion {
  private SemanticVersion() {}

  private static final int NOT_PLAIN = Integer.MIN_VALUE;

  static int compare(String a, String b) {
    int plain = comparePlain(a, b);
    return plain != NOT_PLAIN ? plain : compareParsed(a, b);
  }

  /** The rules in full, for any version text. */
  static int compareParsed(String a, String b) {
    String[] pa = split(a);
    String[] pb = split(b);
    String[] coreA = pa[0].split("\\.");
    String[] coreB = pb[0].split("\\.");
    int n = Math.max(coreA.length, coreB.length);
    for (int i = 0; i < n; i++) {
      int c = comparePart(i < coreA.length ? coreA[i] : "0", i < coreB.length ? coreB[i] : "0");
      if (c != 0) {
        return c;
      }
    }
    if (pa[1] == null || pb[1] == null) {
      return pa[1] == null ? (pb[1] == null ? 0 : 1) : -1;
    }
    String[] preA = pa[1].split("\\.");
    String[] preB = pb[1].split("\\.");
    for (int i = 0; i < Math.min(preA.length, preB.length); i++) {
      int c = comparePart(preA[i], preB[i]);
      if (c != 0) {
        return c;
      }
    }
    return Integer.compare(preA.length, preB.length);
  }

  /**
   * The common case without allocating: both are dot-separated numbers of up to 18 digits each
   * ({@code 3.2.10}). {@link #NOT_PLAIN} for anything else.
   */
  private static int comparePlain(String a, String b) {
    if (a.isEmpty() || b.isEmpty()) {
      return NOT_PLAIN;
    }
    int i = 0;
    int j = 0;
    while (i < a.length() || j < b.length()) {
      int endA = partEnd(a, i);
      int endB = partEnd(b, j);
      long x = plainPart(a, i, endA);
      long y = plainPart(b, j, endB);
      if (x < 0 || y < 0) {
        return NOT_PLAIN;
      }
      if (x != y) {
        return x < y ? -1 : 1;
      }
      i = endA + 1;
      j = endB + 1;
    }
    return 0;
  }

  private static int partEnd(String version, int from) {
    int dot = version.indexOf('.', from);
    return dot < 0 ? Math.max(from, version.length()) : dot;
  }

  /** The number in {@code [from, end)}: 0 past the end (a missing part), -1 if not plain digits. */
  private static long plainPart(String version, int from, int end) {
    if (from >= version.length()) {
      return 0;
    }
    if (end == from || end - from > 18) {
      return -1;
    }
    long value = 0;
    for (int k = from; k < end; k++) {
      char c = version.charAt(k);
      if (c < '0' || c > '9') {
        return -1;
      }
      value = value * 10 + (c - '0');
    }
    return value;
  }

  /** Core and pre-release; build metadata ({@code +...}) never affects order. */
  private static String[] split(String version) {
    String v = version.strip();
    if (v.startsWith("v") || v.startsWith("V")) {
      v = v.substring(1);
    }
    int plus = v.indexOf('+');
    if (plus >= 0) {
      v = v.substring(0, plus);
    }
    int dash = v.indexOf('-');
    return dash < 0
        ? new String[] {v, null}
        : new String[] {v.substring(0, dash), v.substring(dash + 1)};
  }

  private static int comparePart(String a, String b) {
    boolean numA = isNumber(a);
    boolean numB = isNumber(b);
    if (numA && numB) {
      return new java.math.BigInteger(a).compareTo(new java.math.BigInteger(b));
    }
    if (numA != numB) {
      return numA ? -1 : 1;
    }
    return Integer.signum(a.compareTo(b));
  }

  private static boolean isNumber(String s) {
    if (s.isEmpty()) {
      return false;
    }
    for (int i = 0; i < s.length(); i++) {
      if (!Character.isDigit(s.charAt(i))) {
        return false;
      }
    }
    return true;
  }
}
