package dev.openpush.domain.event;

import java.util.regex.Pattern;

/**
 * The one rule for every id the product stores, applied alike by ingest, the API and the OpenAPI
 * document, so that any id ingest accepts can be read, exported and erased.
 *
 * <ul>
 *   <li>User ids ({@code userId}, {@code anonymousId}, {@code previousId}): 1 to {@value
 *       #MAX_USER_ID} characters, no control characters (Unicode Cc), no {@code '#'} (it separates
 *       key parts in storage), no unpaired surrogate (it would not survive UTF-8 storage). Ingest
 *       strips surrounding whitespace first.
 *   <li>Names of things marketers create and of apps (app, segment ids): 1 to {@value #MAX_NAME_ID}
 *       of {@code A-Z a-z 0-9 _ . : @ + -}, not starting with a dot (no {@code .} or {@code ..},
 *       which path handling in front of the API would resolve).
 * </ul>
 */
public final class Ids {
  public static final int MAX_USER_ID = 256;
  public static final int MAX_NAME_ID = 128;

  private static final Pattern NAME_ID =
      Pattern.compile("[A-Za-z0-9_:@+-][A-Za-z0-9_.:@+-]{0,127}");

  private Ids() {}

  /** Why a user id is refused, or null when it is a valid one. */
  public static String userIdProblem(String value) {
    if (value == null || value.isEmpty()) {
      return "must not be empty";
    }
    if (value.length() > MAX_USER_ID) {
      return "is longer than " + MAX_USER_ID + " characters";
    }
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (Character.isISOControl(c)) {
        return "must not contain control characters";
      }
      if (c == '#') {
        // '#' separates key parts in storage; refusing it keeps one user from reading as another.
        return "must not contain '#'";
      }
      if (Character.isHighSurrogate(c)
          && (i + 1 == value.length() || !Character.isLowSurrogate(value.charAt(++i)))) {
        return "must not contain an unpaired surrogate";
      }
      if (Character.isLowSurrogate(c)) {
        return "must not contain an unpaired surrogate";
      }
    }
    return null;
  }

  /** Why an app or segment id is refused, or null when it is a valid one. */
  public static String nameIdProblem(String value) {
    if (value == null || !NAME_ID.matcher(value).matches()) {
      return "must be 1 to "
          + MAX_NAME_ID
          + " letters, digits or _.:@+- and must not start with a dot";
    }
    return null;
  }
}
