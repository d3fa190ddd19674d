package dev.openpush.domain.profile;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** Reads what {@link BinaryOut} wrote; a truncated or corrupt body fails loudly. */
final class BinaryIn {
  private final byte[] bytes;
  private final int end;
  private int position;

  BinaryIn(byte[] bytes, int offset, int end) {
    this.bytes = bytes;
    this.position = offset;
    this.end = end;
  }

  int position() {
    return position;
  }

  boolean atEnd() {
    return position >= end;
  }

  int readByte() {
    if (position >= end) {
      throw new IllegalStateException("profile body ends early");
    }
    return bytes[position++] & 0xFF;
  }

  long readVarLong() {
    long value = 0;
    for (int shift = 0; shift < 64; shift += 7) {
      int b = readByte();
      value |= (long) (b & 0x7F) << shift;
      if ((b & 0x80) == 0) {
        return value;
      }
    }
    throw new IllegalStateException("malformed varint in profile body");
  }

  int readCount() {
    long count = readVarLong();
    if (count < 0 || count > end - position) {
      // Every counted element takes at least one byte: a larger count is corruption.
      throw new IllegalStateException("malformed count in profile body");
    }
    return (int) count;
  }

  long readSignedVarLong() {
    long raw = readVarLong();
    return (raw >>> 1) ^ -(raw & 1);
  }

  String readString() {
    int length = readCount();
    String s = new String(bytes, position, length, StandardCharsets.UTF_8);
    position += length;
    return s;
  }

  /**
   * A string as {@link #readString}, taken from {@code cache} when the same bytes were read before:
   * ids that recur in every profile (segment ids) are then neither allocated nor hashed again.
   * {@code cache} is a power-of-two array of slots, overwritten on collision.
   */
  String readString(String[] cache) {
    int length = readCount();
    int hash = 0;
    boolean ascii = true;
    for (int i = position; i < position + length; i++) {
      hash = 31 * hash + bytes[i];
      ascii &= bytes[i] >= 0;
    }
    if (!ascii) {
      String s = new String(bytes, position, length, StandardCharsets.UTF_8);
      position += length;
      return s;
    }
    int slot = hash & (cache.length - 1);
    String cached = cache[slot];
    if (cached != null && sameAscii(cached, length)) {
      position += length;
      return cached;
    }
    String s = new String(bytes, position, length, StandardCharsets.ISO_8859_1);
    cache[slot] = s;
    position += length;
    return s;
  }

  private boolean sameAscii(String s, int length) {
    if (s.length() != length) {
      return false;
    }
    for (int i = 0; i < length; i++) {
      if (s.charAt(i) != bytes[position + i]) {
        return false;
      }
    }
    return true;
  }

  void skipString() {
    int length = readCount(); // read first: `position += readCount()` would add to the old value
    position += length;
  }

  /** The bytes from {@code from} to the current position, copied. */
  byte[] copyFrom(int from) {
    return Arrays.copyOfRange(bytes, from, position);
  }
}
