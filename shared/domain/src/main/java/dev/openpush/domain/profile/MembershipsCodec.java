package dev.openpush.domain.profile;

import java.util.Arrays;

/**
 * A user's memberships as the profile item stores them beside the body: a format byte, the count,
 * then per membership, in the order they were entered, the milliseconds since the previous entry
 * (signed; the first: since the epoch) and the segment id. Segments entered in one batch share
 * their time, so most deltas are one byte: about 8 bytes a membership where a DynamoDB map took
 * about 20, and every item is rewritten with each batch. Not compressed: with 1,000 segments a user
 * holds about 400 memberships, and compressing them with the body cost 116 µs an encode
 * (docs/cost.md).
 */
public final class MembershipsCodec {
  /** The first byte of the stored form. */
  public static final int FORMAT = 1;

  private MembershipsCodec() {}

  /** The stored form, in the memberships' order (of entry: deltas stay a byte or two). */
  public static byte[] encode(Memberships memberships) {
    BinaryOut out = new BinaryOut(16 + memberships.size() * 12);
    out.writeByte(FORMAT);
    out.writeVarLong(memberships.size());
    long[] previous = {0};
    memberships.forEachStored(
        (segmentId, at) -> {
          out.writeSignedVarLong(at - previous[0]);
          previous[0] = at;
          out.writeString(segmentId);
        });
    return Arrays.copyOf(out.buffer(), out.size());
  }

  /** Segment ids recur in every profile of an app: read once per thread, not once per profile. */
  private static final ThreadLocal<String[]> SEGMENT_IDS =
      ThreadLocal.withInitial(() -> new String[4096]);

  /** The stored memberships, in their stored order, with room to enter a few more. */
  public static Memberships decode(byte[] stored) {
    if (stored.length == 0 || stored[0] != FORMAT) {
      throw new IllegalStateException("unknown memberships format");
    }
    BinaryIn in = new BinaryIn(stored, 1, stored.length);
    int count = in.readCount();
    Memberships memberships = new Memberships(count);
    String[] ids = SEGMENT_IDS.get();
    long at = 0;
    for (int i = 0; i < count; i++) {
      at += in.readSignedVarLong();
      memberships.enter(in.readString(ids), at);
    }
    if (!in.atEnd()) {
      throw new IllegalStateException("unexpected bytes after the memberships");
    }
    return memberships;
  }
}
