package dev.openpush.domain.profile;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;

/**
 * The stored form of a profile's body, format 2: one version byte, then a zlib stream of a binary
 * record (varints, an event-name dictionary, times as millisecond deltas, JSON values in {@link
 * JsonBinary}). Memberships, version and wake-up are kept beside it by the store, because they are
 * read and indexed on their own.
 *
 * <p>Why binary: decoding and encoding the body is on the path of every batch. A binary record read
 * without a JSON tree, with event properties left in their bytes until a segment asks for them, and
 * a compressor reused rather than created per profile, costs a fraction of the gzip-of-JSON form of
 * format 1, which is still read ({@link JsonProfileBody}) and rewritten in this one.
 */
public final class ProfileCodec {
  /**
   * The format written; the first byte of every body. Format 3 is format 2 followed by the list of
   * the user's history chunks ({@link ArchivedHistory}); format 2 is still read.
   */
  public static final int FORMAT = 3;

  /** The first byte of a history chunk: the event list of a body, compressed the same way. */
  public static final int CHUNK_FORMAT = 0x43;

  /**
   * The most a stored body may take: DynamoDB takes 400 KB per item, and the memberships, keys and
   * wake-up stored beside the body need the rest.
   */
  public static final int MAX_STORED_BYTES = 300 * 1024;

  /** What pruning aims for, so that the next few events fit without pruning again at once. */
  public static final int TARGET_STORED_BYTES = 240 * 1024;

  private static final int HAS_MERGED_INTO = 1;
  private static final int HAS_ERASED = 2;
  private static final int HAS_FIRST = 4;
  private static final int HAS_LAST = 8;

  private static final int REMOVED = 0;
  private static final int VALUE = 1;
  private static final int MERGED = 2;

  /** Compressors are costly to create and are not thread-safe: one per thread, reset per use. */
  private static final ThreadLocal<Deflater> DEFLATER =
      ThreadLocal.withInitial(() -> new Deflater(Deflater.DEFAULT_COMPRESSION));

  private static final ThreadLocal<Inflater> INFLATER = ThreadLocal.withInitial(Inflater::new);
  private static final ThreadLocal<BinaryOut> SCRATCH =
      ThreadLocal.withInitial(() -> new BinaryOut(16 * 1024));

  private ProfileCodec() {}

  /** Which format a stored body is in: 1 (gzip of JSON) or {@link #FORMAT}. */
  public static int formatOf(byte[] body) {
    if (body.length >= 2 && (body[0] & 0xFF) == 0x1F && (body[1] & 0xFF) == 0x8B) {
      return 1;
    }
    return body.length == 0 ? 0 : body[0] & 0xFF;
  }

  public static byte[] encode(Profile p) {
    BinaryOut out = SCRATCH.get();
    out.reset();
    int flags =
        (p.mergedInto() != null ? HAS_MERGED_INTO : 0)
            | (p.erasedAt() != null ? HAS_ERASED : 0)
            | (p.firstSeenAt() != null ? HAS_FIRST : 0)
            | (p.lastEventAt() != null ? HAS_LAST : 0);
    out.writeVarLong(flags);
    if (p.mergedInto() != null) {
      out.writeString(p.mergedInto());
    }
    if (p.erasedAt() != null) {
      out.writeSignedVarLong(p.erasedAt().toEpochMilli());
    }
    if (p.firstSeenAt() != null) {
      out.writeSignedVarLong(p.firstSeenAt().toEpochMilli());
    }
    if (p.lastEventAt() != null) {
      out.writeSignedVarLong(p.lastEventAt().toEpochMilli());
    }
    out.writeVarLong(p.traits().size());
    p.traits()
        .forEach(
            (key, value) -> {
              out.writeString(key);
              writeValue(out, value);
            });
    Map<DeviceContext.Field, TraitValue> context = p.context().asMap();
    out.writeVarLong(context.size());
    context.forEach(
        (field, value) -> {
          out.writeString(field.name());
          writeValue(out, value);
        });
    writeHistory(out, p.history().all());
    out.writeVarLong(p.seenMessageIds().size());
    p.seenMessageIds()
        .forEach(
            (id, at) -> {
              out.writeString(id);
              out.writeSignedVarLong(at.toEpochMilli());
            });
    out.writeVarLong(p.mergedIds().size());
    p.mergedIds().forEach(out::writeString);
    writeArchive(out, p.archive());
    return compress(out, FORMAT);
  }

  private static void writeArchive(BinaryOut out, ArchivedHistory archive) {
    out.writeVarLong(archive.chunks().size());
    for (ArchivedHistory.Chunk chunk : archive.chunks()) {
      out.writeSignedVarLong(chunk.id());
      out.writeSignedVarLong(chunk.newest().toEpochMilli());
      out.writeVarLong(chunk.events());
    }
    out.writeVarLong(archive.keptSince().size());
    archive
        .keptSince()
        .forEach(
            (name, since) -> {
              out.writeString(name);
              out.writeSignedVarLong(since.toEpochMilli());
            });
  }

  private static void readArchive(BinaryIn in, ArchivedHistory archive) {
    int count = in.readCount();
    List<ArchivedHistory.Chunk> chunks = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      long id = in.readSignedVarLong();
      Instant newest = Instant.ofEpochMilli(in.readSignedVarLong());
      long events = in.readVarLong();
      if (events < 0 || events > Integer.MAX_VALUE) {
        throw new IllegalStateException("malformed chunk size in profile body");
      }
      chunks.add(new ArchivedHistory.Chunk(id, newest, (int) events));
    }
    int names = in.readCount();
    Map<String, Instant> kept = new HashMap<>();
    for (int i = 0; i < names; i++) {
      String name = in.readString();
      kept.put(name, Instant.ofEpochMilli(in.readSignedVarLong()));
    }
    archive.load(chunks, kept);
  }

  /** A history chunk's stored form: {@link #CHUNK_FORMAT}, then a zlib stream of the events. */
  public static byte[] encodeChunk(List<StoredEvent> events) {
    BinaryOut out = SCRATCH.get();
    out.reset();
    writeHistory(out, events);
    return compress(out, CHUNK_FORMAT);
  }

  /** The events of a stored chunk, oldest first. */
  public static List<StoredEvent> decodeChunk(byte[] body) {
    if (body.length == 0 || (body[0] & 0xFF) != CHUNK_FORMAT) {
      throw new IllegalStateException("not a history chunk");
    }
    byte[] record = inflate(body);
    BinaryIn in = new BinaryIn(record, 0, record.length);
    List<StoredEvent> events = readHistory(in);
    if (!in.atEnd()) {
      throw new IllegalStateException("unexpected bytes after the history chunk");
    }
    return events;
  }

  /** A chunk's name, from its content: equal names mean equal chunks. */
  public static long contentId(byte[] body) {
    try {
      byte[] digest = java.security.MessageDigest.getInstance("SHA-256").digest(body);
      return java.nio.ByteBuffer.wrap(digest).getLong();
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static void writeHistory(BinaryOut out, List<StoredEvent> events) {
    Map<String, Integer> dictionary = new HashMap<>();
    List<String> names = new ArrayList<>();
    for (StoredEvent e : events) {
      if (dictionary.putIfAbsent(e.name(), names.size()) == null) {
        names.add(e.name());
      }
    }
    out.writeVarLong(names.size());
    names.forEach(out::writeString);
    out.writeVarLong(events.size());
    long previous = 0;
    for (StoredEvent e : events) {
      long at = e.at().toEpochMilli();
      out.writeVarLong(dictionary.get(e.name()));
      out.writeSignedVarLong(at - previous);
      previous = at;
      byte[] stored = e.storedProperties();
      if (stored != null) {
        out.write(stored, 0, stored.length);
      } else {
        JsonBinary.writeFields(out, e.properties());
      }
    }
  }

  private static void writeValue(BinaryOut out, TraitValue v) {
    out.writeSignedVarLong(v.setAt().toEpochMilli());
    out.writeByte((v.isRemoved() ? REMOVED : VALUE) | (v.viaMergedId() ? MERGED : 0));
    if (!v.isRemoved()) {
      JsonBinary.write(out, v.value());
    }
  }

  private static byte[] compress(BinaryOut out, int format) {
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

  /** Fills {@code into} (a fresh profile with its keys set) from stored bytes of any format. */
  public static Profile decode(byte[] body, Profile into) {
    int format = formatOf(body);
    if (format == 1) {
      return JsonProfileBody.decode(body, into);
    }
    if (format != 2 && format != FORMAT) {
      throw new IllegalStateException("unknown profile format " + format);
    }
    byte[] record = inflate(body);
    BinaryIn in = new BinaryIn(record, 0, record.length);
    long flags = in.readVarLong();
    if ((flags & HAS_MERGED_INTO) != 0) {
      into.setMergedInto(in.readString());
    }
    if ((flags & HAS_ERASED) != 0) {
      into.eraseAt(Instant.ofEpochMilli(in.readSignedVarLong()), into.expiresAt());
    }
    if ((flags & HAS_FIRST) != 0) {
      into.setFirstSeenAt(Instant.ofEpochMilli(in.readSignedVarLong()));
    }
    if ((flags & HAS_LAST) != 0) {
      into.setLastEventAt(Instant.ofEpochMilli(in.readSignedVarLong()));
    }
    int traits = in.readCount();
    for (int i = 0; i < traits; i++) {
      String key = in.readString();
      into.traits().put(key, readValue(in));
    }
    int fields = in.readCount();
    for (int i = 0; i < fields; i++) {
      DeviceContext.Field field = DeviceContext.Field.valueOf(in.readString());
      into.context().put(field, readValue(in));
    }
    into.history().addAll(readHistory(in));
    int seen = in.readCount();
    for (int i = 0; i < seen; i++) {
      String id = in.readString();
      into.seenMessageIds().put(id, Instant.ofEpochMilli(in.readSignedVarLong()));
    }
    int merged = in.readCount();
    for (int i = 0; i < merged; i++) {
      into.mergedIds().add(in.readString());
    }
    if (format == FORMAT) {
      readArchive(in, into.archive());
    }
    if (!in.atEnd()) {
      throw new IllegalStateException("unexpected bytes after the profile body");
    }
    return into;
  }

  private static List<StoredEvent> readHistory(BinaryIn in) {
    int nameCount = in.readCount();
    String[] names = new String[nameCount];
    for (int i = 0; i < nameCount; i++) {
      names[i] = in.readString();
    }
    int count = in.readCount();
    List<StoredEvent> events = new ArrayList<>(count);
    long at = 0;
    for (int i = 0; i < count; i++) {
      long index = in.readVarLong();
      if (index >= nameCount) {
        throw new IllegalStateException("event name out of the dictionary in profile body");
      }
      at += in.readSignedVarLong();
      int from = in.position();
      JsonBinary.skipFields(in);
      events.add(
          StoredEvent.stored(names[(int) index], Instant.ofEpochMilli(at), in.copyFrom(from)));
    }
    return events;
  }

  private static TraitValue readValue(BinaryIn in) {
    Instant setAt = Instant.ofEpochMilli(in.readSignedVarLong());
    int kind = in.readByte();
    return new TraitValue(
        (kind & VALUE) != 0 ? JsonBinary.read(in) : null, setAt, (kind & MERGED) != 0);
  }

  private static byte[] inflate(byte[] body) {
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
