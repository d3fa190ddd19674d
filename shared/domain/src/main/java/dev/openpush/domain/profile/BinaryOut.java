package dev.openpush.domain.profile;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** A growable byte buffer with the few encodings the stored profile uses: varints and strings. */
final class BinaryOut {
  private byte[] bytes;
  private int size;

  BinaryOut(int capacity) {
    bytes = new byte[Math.max(16, capacity)];
  }

  int size() {
    return size;
  }

  byte[] buffer() {
    return bytes;
  }

  void reset() {
    size = 0;
  }

  void writeByte(int b) {
    ensure(1);
    bytes[size++] = (byte) b;
  }

  void write(byte[] source, int offset, int length) {
    ensure(length);
    System.arraycopy(source, offset, bytes, size, length);
    size += length;
  }

  /** An unsigned LEB128 varint: small counts and indexes take one byte. */
  void writeVarLong(long value) {
    ensure(10);
    while ((value & ~0x7FL) != 0) {
      bytes[size++] = (byte) ((value & 0x7F) | 0x80);
      value >>>= 7;
    }
    bytes[size++] = (byte) value;
  }

  /** A signed varint, zigzag-coded so that small negative numbers stay short. */
  void writeSignedVarLong(long value) {
    writeVarLong((value << 1) ^ (value >> 63));
  }

  void writeString(String s) {
    // ASCII, the common case, is copied without an encoder.
    int length = s.length();
    boolean ascii = true;
    for (int i = 0; i < length && ascii; i++) {
      ascii = s.charAt(i) < 0x80;
    }
    if (ascii) {
      writeVarLong(length);
      ensure(length);
      for (int i = 0; i < length; i++) {
        bytes[size++] = (byte) s.charAt(i);
      }
      return;
    }
    byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
    writeVarLong(utf8.length);
    write(utf8, 0, utf8.length);
  }

  private void ensure(int more) {
    if (size + more > bytes.length) {
      bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, size + more));
    }
  }
}
