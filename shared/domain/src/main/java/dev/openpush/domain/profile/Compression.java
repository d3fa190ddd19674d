package dev.openpush.domain.profile;

import java.util.Arrays;
import java.util.zip.CRC32C;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;
import net.jpountz.lz4.LZ4Compressor;
import net.jpountz.lz4.LZ4Exception;
import net.jpountz.lz4.LZ4Factory;
import net.jpountz.lz4.LZ4SafeDecompressor;

/**
 * How a binary record becomes stored bytes and back, behind a format byte the caller chooses: an
 * LZ4 block with the record's length and CRC-32C, or a zlib stream ({@link ProfileCodec} says which
 * is written where and why).
 */
final class Compression {
  /**
   * The largest record a body may unpack to: well above what {@link ProfileCodec#MAX_STORED_BYTES}
   * of LZ4 holds in practice, and a bound on what a corrupt length can make this allocate.
   */
  private static final int MAX_RECORD_BYTES = 16 * 1024 * 1024;

  /** The pure-Java LZ4: no native library to load at cold start, no {@code Unsafe}. */
  private static final LZ4Compressor LZ4 = LZ4Factory.safeInstance().fastCompressor();

  private static final LZ4SafeDecompressor UNLZ4 = LZ4Factory.safeInstance().safeDecompressor();

  /** Compressors are costly to create and are not thread-safe: one per thread, reset per use. */
  private static final ThreadLocal<Deflater> DEFLATER =
      ThreadLocal.withInitial(() -> new Deflater(Deflater.DEFAULT_COMPRESSION));

  private static final ThreadLocal<Inflater> INFLATER = ThreadLocal.withInitial(Inflater::new);

  private Compression() {}

  /** The format byte, the record's length and CRC-32C, then an LZ4 block. */
  static byte[] lz4(BinaryOut out, int format) {
    int length = out.size();
    BinaryOut header = new BinaryOut(12);
    header.writeByte(format);
    header.writeVarLong(length);
    CRC32C crc = new CRC32C();
    crc.update(out.buffer(), 0, length);
    int sum = (int) crc.getValue();
    for (int shift = 24; shift >= 0; shift -= 8) {
      header.writeByte(sum >>> shift);
    }
    int start = header.size();
    byte[] body = new byte[start + LZ4.maxCompressedLength(length)];
    System.arraycopy(header.buffer(), 0, body, 0, start);
    int packed = LZ4.compress(out.buffer(), 0, length, body, start, body.length - start);
    return Arrays.copyOf(body, start + packed);
  }

  /** The record of a body whose format byte is followed by an LZ4 block ({@link #lz4}). */
  static byte[] unlz4(byte[] body) {
    BinaryIn in = new BinaryIn(body, 1, body.length);
    long declared = in.readVarLong();
    if (declared < 0 || declared > MAX_RECORD_BYTES) {
      throw new IllegalStateException("corrupt profile body: a record of " + declared + " bytes");
    }
    int length = (int) declared;
    int sum = 0;
    for (int i = 0; i < 4; i++) {
      sum = sum << 8 | in.readByte();
    }
    byte[] record = new byte[length];
    try {
      int from = in.position();
      int unpacked = UNLZ4.decompress(body, from, body.length - from, record, 0, length);
      if (unpacked != length) {
        throw new IllegalStateException("truncated profile body");
      }
    } catch (LZ4Exception e) {
      throw new IllegalStateException("corrupt profile body", e);
    }
    CRC32C crc = new CRC32C();
    crc.update(record);
    if ((int) crc.getValue() != sum) {
      throw new IllegalStateException("corrupt profile body: its checksum does not match");
    }
    return record;
  }

  /** The format byte, then a zlib stream of the record. */
  static byte[] zlib(BinaryOut out, int format) {
    Deflater deflater = DEFLATER.get();
    deflater.reset();
    deflater.setInput(out.buffer(), 0, out.size());
    deflater.finish();
    byte[] body = new byte[Math.max(64, out.size() / 2 + 64)];
    body[0] = (byte) format;
    int length = 1;
    while (!deflater.finished()) {
      if (length == body.length) {
        body = Arrays.copyOf(body, body.length * 2);
      }
      length += deflater.deflate(body, length, body.length - length);
    }
    return Arrays.copyOf(body, length);
  }

  /** The record of a body whose format byte is followed by a zlib stream. */
  static byte[] inflate(byte[] body) {
    Inflater inflater = INFLATER.get();
    inflater.reset();
    inflater.setInput(body, 1, body.length - 1);
    byte[] record = new byte[Math.max(256, body.length * 4)];
    int length = 0;
    try {
      while (!inflater.finished()) {
        if (length == record.length) {
          record = Arrays.copyOf(record, record.length * 2);
        }
        int n = inflater.inflate(record, length, record.length - length);
        if (n == 0 && (inflater.needsInput() || inflater.needsDictionary())) {
          throw new IllegalStateException("truncated profile body");
        }
        length += n;
      }
    } catch (DataFormatException e) {
      throw new IllegalStateException("corrupt profile body", e);
    }
    return length == record.length ? record : Arrays.copyOf(record, length);
  }
}
