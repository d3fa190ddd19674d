package dev.openpush.functions.api;

import dev.openpush.domain.json.Utf8;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Decodes one segment of a path as API Gateway's REST APIs deliver it (still percent-encoded). Only
 * {@code %XX} escapes are decoded: {@code +} is a plus sign in a path, not a space (that rule
 * belongs to form-encoded query strings), and an escape that is not two hex digits or does not form
 * UTF-8 is a client error.
 */
final class PathSegments {
  private PathSegments() {}

  static String decode(String raw) {
    if (raw.indexOf('%') < 0) {
      return raw;
    }
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(raw.length());
    for (int i = 0; i < raw.length(); i++) {
      if (raw.charAt(i) != '%') {
        int end = raw.indexOf('%', i);
        end = end < 0 ? raw.length() : end;
        byte[] literal = raw.substring(i, end).getBytes(StandardCharsets.UTF_8);
        bytes.write(literal, 0, literal.length);
        i = end - 1;
        continue;
      }
      int high = i + 1 < raw.length() ? Character.digit(raw.charAt(i + 1), 16) : -1;
      int low = i + 2 < raw.length() ? Character.digit(raw.charAt(i + 2), 16) : -1;
      if (high < 0 || low < 0) {
        throw ApiException.badRequest(
            "the path has a malformed escape: '%' must be followed by two hex digits");
      }
      bytes.write(high * 16 + low);
      i += 2;
    }
    String text = Utf8.decode(bytes.toByteArray());
    if (text == null) {
      throw ApiException.badRequest("the path's escapes do not form UTF-8 text");
    }
    return text;
  }
}
