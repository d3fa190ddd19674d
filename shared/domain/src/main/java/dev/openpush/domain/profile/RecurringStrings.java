package dev.openpush.domain.profile;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Strings read again and again (the segment ids of every profile of an app), each kept with the
 * bytes it was read from, so that reading it again is a comparison of bytes: no allocation, no
 * decoding, the same instance with its hash code already computed. That instance is the interned
 * one, as segment ids and event names in the catalog are: the maps and memberships that hold them
 * find them by identity before comparing characters. A power-of-two table of slots overwritten on
 * collision; one per thread, as it is not thread-safe.
 */
final class RecurringStrings {
  private final String[] strings;
  private final byte[][] sources;

  RecurringStrings(int slots) {
    if (Integer.bitCount(slots) != 1) {
      throw new IllegalArgumentException("slots must be a power of two");
    }
    strings = new String[slots];
    sources = new byte[slots][];
  }

  /** The string of UTF-8 {@code bytes[from, from + length)}. */
  String get(byte[] bytes, int from, int length) {
    int hash = 0;
    for (int i = from; i < from + length; i++) {
      hash = 31 * hash + bytes[i];
    }
    int slot = (hash ^ hash >>> 16) & (strings.length - 1);
    byte[] source = sources[slot];
    if (source != null && Arrays.equals(source, 0, source.length, bytes, from, from + length)) {
      return strings[slot];
    }
    String s = new String(bytes, from, length, StandardCharsets.UTF_8).intern();
    strings[slot] = s;
    sources[slot] = Arrays.copyOfRange(bytes, from, from + length);
    return s;
  }
}
