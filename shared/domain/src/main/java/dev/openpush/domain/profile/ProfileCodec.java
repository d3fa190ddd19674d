package dev.openpush.domain.profile;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The stored form of a profile's body, format 4: one version byte, the length of the record, its
 * CRC-32C (LZ4 has no checksum of its own, and a damaged body must fail loudly rather than read as
 * other data), then the record as an LZ4 block: a binary record of varints, an event-name
 * dictionary, times as millisecond deltas and JSON values in {@link JsonBinary}. Memberships,
 * version and wake-up are kept beside it by the store, because they are read and indexed on their
 * own.
 *
 * <p>Why binary: decoding and encoding the body is on the path of every batch. A binary record read
 * without a JSON tree, with event properties left in their bytes until a segment asks for them,
 * costs a fraction of the gzip-of-JSON form of format 1, which is still read ({@link
 * JsonProfileBody}) and rewritten in this one.
 *
 * <p>Why LZ4 and not zlib (formats 2 and 3, still read): the hot item's record is about 1 KB, and
 * zlib spends about 27 µs on each, whatever its level, where LZ4 spends 4 µs and reads it back in
 * 1.4 µs instead of 5.5 (docs/benchmarks.md). It was a third of the whole ingest path. LZ4's output
 * is about 14 % larger (640 bytes where zlib made 561). History chunks, written once and kept for a
 * year, stay zlib ({@link #CHUNK_FORMAT}), as does a body where zlib saves its item a write unit
 * ({@link #encode(Profile, int)}).
 */
public final class ProfileCodec {
  /**
   * The format written (but see {@link #ZLIB_FORMAT}); the first byte of every body. Format 3 is
   * the same record as a zlib stream; format 2 is format 3 without the list of the user's history
   * chunks ({@link ArchivedHistory}). Both are still read.
   */
  public static final int FORMAT = 4;

  /**
   * Format 3's first byte: a zlib stream of the record, still written where it saves a write unit
   * ({@link #encode(Profile, int)}).
   */
  public static final int ZLIB_FORMAT = 3;

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

  /** Event names recur in every profile of an app: read once per thread, not once per profile. */
  private static final ThreadLocal<RecurringStrings> EVENT_NAMES =
      ThreadLocal.withInitial(() -> new RecurringStrings(1024));

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

  /** The body of a profile billed on its own: {@link #encode(Profile, int)} with nothing beside. */
  public static byte[] encode(Profile p) {
    return encode(p, 0);
  }

  /**
   * The body for an item that holds {@code besideBytes} more (memberships, keys): LZ4, unless
   * zlib's smaller output saves the item a whole KB, which DynamoDB bills a write unit for. That is
   * possible only where LZ4's body ends the item a little past a KB boundary, and only there is
   * zlib run. How far past: zlib's edge over LZ4 grows with how compressible the record is, and on
   * the benchmarks' profiles it was at most 45 % of LZ4's own saving as a share (zlib 13-18 %
   * smaller where LZ4 saved 40 % of a 1 KB record, 23-26 % where LZ4 saved 59 % of a 5 KB one). The
   * ingest path gets LZ4's speed and the bill zlib's size.
   */
  public static byte[] encode(Profile p, int besideBytes) {
    BinaryOut out = record(p);
    byte[] body = Compression.lz4(out, FORMAT);
    int item = body.length + besideBytes;
    int intoLastKb = item - (item - 1) / 1024 * 1024;
    long raw = Math.max(1, out.size());
    long zlibEdge = 45L * body.length * Math.max(0, raw - body.length) / (100 * raw);
    if (item > 1024 && intoLastKb <= zlibEdge) {
      byte[] zlib = Compression.zlib(out, ZLIB_FORMAT);
      if (zlib.length + besideBytes <= item - intoLastKb) {
        return zlib;
      }
    }
    return body;
  }

  private static BinaryOut record(Profile p) {
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
    return out;
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
    return Compression.zlib(out, CHUNK_FORMAT);
  }

  /** The events of a stored chunk, oldest first. */
  public static List<StoredEvent> decodeChunk(byte[] body) {
    if (body.length == 0 || (body[0] & 0xFF) != CHUNK_FORMAT) {
      throw new IllegalStateException("not a history chunk");
    }
    byte[] record = Compression.inflate(body);
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

  /** Fills {@code into} (a fresh profile with its keys set) from stored bytes of any format. */
  public static Profile decode(byte[] body, Profile into) {
    int format = formatOf(body);
    if (format == 1) {
      return JsonProfileBody.decode(body, into);
    }
    byte[] record = record(body);
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
    if (format != 2) {
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
    RecurringStrings recurring = EVENT_NAMES.get();
    for (int i = 0; i < nameCount; i++) {
      names[i] = in.readString(recurring);
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

  /** The binary record of a body of format 2, 3 or {@link #FORMAT}. */
  static byte[] record(byte[] body) {
    int format = formatOf(body);
    if (format == 2 || format == ZLIB_FORMAT) {
      return Compression.inflate(body);
    }
    if (format != FORMAT) {
      throw new IllegalStateException("unknown profile format " + format);
    }
    return Compression.unlz4(body);
  }
}
