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
   */
  String readString(RecurringStrings cache) {
    int length = readCount();
    String s = cache.get(bytes, position, length);
    position += length;
    return s;
  }

  /** Skips {@code length} bytes, a count already checked against what is left. */
  void skip(int length) {
    position += length;
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
