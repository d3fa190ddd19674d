package dev.openpush.aws.dynamodb;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * An item's size as DynamoDB bills it: each attribute's name and value in bytes (strings as UTF-8,
 * numbers about a byte per two digits plus one, binaries as they are, maps and lists with their
 * overhead). Write units are one per started KB of it.
 */
public final class ItemSize {
  private ItemSize() {}

  public static int of(Map<String, AttributeValue> item) {
    int bytes = 0;
    for (Map.Entry<String, AttributeValue> e : item.entrySet()) {
      bytes += utf8(e.getKey()) + of(e.getValue());
    }
    return bytes;
  }

  private static int of(AttributeValue v) {
    if (v.s() != null) {
      return utf8(v.s());
    }
    if (v.n() != null) {
      return Math.max(1, (significantDigits(v.n()) + 1) / 2) + 1;
    }
    if (v.b() != null) {
      return v.b().asByteArrayUnsafe().length;
    }
    if (v.hasM()) {
      int bytes = 3;
      for (Map.Entry<String, AttributeValue> e : v.m().entrySet()) {
        bytes += utf8(e.getKey()) + of(e.getValue()) + 1;
      }
      return bytes;
    }
    if (v.hasL()) {
      int bytes = 3;
      for (AttributeValue element : v.l()) {
        bytes += of(element) + 1;
      }
      return bytes;
    }
    if (v.hasSs()) {
      return v.ss().stream().mapToInt(ItemSize::utf8).sum();
    }
    return 1;
  }

  /** Digits of a number, leading zeros not counted (every profile write sizes its numbers). */
  private static int significantDigits(String number) {
    int digits = 0;
    for (int i = 0; i < number.length(); i++) {
      char c = number.charAt(i);
      if (c >= '0' && c <= '9' && (digits > 0 || c != '0')) {
        digits++;
      }
    }
    return digits;
  }

  private static int utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8).length;
  }
}
