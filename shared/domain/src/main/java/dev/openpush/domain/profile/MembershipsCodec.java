package dev.openpush.domain.profile;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A user's memberships as the profile item stores them beside the body: a format byte, the count,
 * then per membership, in order of entry, the milliseconds since the previous entry (the first:
 * since the epoch) and the segment id. Segments entered in one batch share their time, so most
 * deltas are one byte: about 8 bytes a membership where a DynamoDB map took about 20, and every
 * item is rewritten with each batch. Not compressed: with 1,000 segments a user holds about 400
 * memberships, and compressing them with the body cost 116 µs an encode (docs/cost.md).
 */
public final class MembershipsCodec {
  /** The first byte of the stored form. */
  public static final int FORMAT = 1;

  private MembershipsCodec() {}

  public static byte[] encode(Map<String, Instant> memberships) {
    List<Map.Entry<String, Instant>> byEntry = new ArrayList<>(memberships.entrySet());
    byEntry.sort(
        Map.Entry.<String, Instant>comparingByValue().thenComparing(Map.Entry.comparingByKey()));
    BinaryOut out = new BinaryOut(16 + memberships.size() * 12);
    out.writeByte(FORMAT);
    out.writeVarLong(byEntry.size());
    long previous = 0;
    for (Map.Entry<String, Instant> membership : byEntry) {
      long at = membership.getValue().toEpochMilli();
      out.writeSignedVarLong(at - previous);
      previous = at;
      out.writeString(membership.getKey());
    }
    return Arrays.copyOf(out.buffer(), out.size());
  }

  /** Segment ids recur in every profile of an app: read once per thread, not once per profile. */
  private static final ThreadLocal<String[]> SEGMENT_IDS =
      ThreadLocal.withInitial(() -> new String[4096]);

  /** Adds the stored memberships to {@code into}. */
  public static void decode(byte[] stored, Map<String, Instant> into) {
    BinaryIn in = open(stored);
    read(in, in.readCount(), into);
  }

  /**
   * Sets the profile's memberships to the stored ones, in their stored order, in a map sized for
   * them (growing a map to 400 entries cost a seventh of decoding them).
   */
  public static void decode(byte[] stored, Profile into) {
    BinaryIn in = open(stored);
    int count = in.readCount();
    Map<String, Instant> memberships = LinkedHashMap.newLinkedHashMap(count);
    read(in, count, memberships);
    into.replaceMemberships(memberships);
  }

  private static BinaryIn open(byte[] stored) {
    if (stored.length == 0 || stored[0] != FORMAT) {
      throw new IllegalStateException("unknown memberships format");
    }
    return new BinaryIn(stored, 1, stored.length);
  }

  private static void read(BinaryIn in, int count, Map<String, Instant> into) {
    String[] ids = SEGMENT_IDS.get();
    long at = 0;
    for (int i = 0; i < count; i++) {
      at += in.readSignedVarLong();
      into.put(in.readString(ids), Instant.ofEpochMilli(at));
    }
    if (!in.atEnd()) {
      throw new IllegalStateException("unexpected bytes after the memberships");
    }
  }
}
