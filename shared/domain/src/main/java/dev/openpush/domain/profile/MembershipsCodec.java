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

  /**
   * The stored form, in the memberships' order (of entry: deltas stay a byte or two). An entry read
   * from a stored form whose predecessor there is written just before it has the same bytes as it
   * had: every such run is copied whole.
   */
  public static byte[] encode(Memberships memberships) {
    BinaryOut out = new BinaryOut(16 + memberships.size() * 12);
    out.writeByte(FORMAT);
    out.writeVarLong(memberships.size());
    long previous = 0;
    // The stored entry written last: -1 before any, -2 after one entered since.
    int lastOrdinal = -1;
    int entries = memberships.entries();
    for (int i = 0; i < entries; ) {
      if (!memberships.isMember(i)) {
        i++;
        continue;
      }
      int ordinal = memberships.ordinal(i);
      if (ordinal >= 0 && ordinal - 1 == lastOrdinal) {
        // Its delta is from the stored entry before it, written just before: same bytes.
        int last = i;
        while (last + 1 < entries
            && memberships.isMember(last + 1)
            && memberships.ordinal(last + 1) == memberships.ordinal(last) + 1) {
          last++;
        }
        int from = memberships.sourceStart(ordinal);
        int to = memberships.sourceStart(memberships.ordinal(last) + 1);
        out.write(memberships.source(), from, to - from);
        previous = memberships.enteredAtMillis(last);
        lastOrdinal = memberships.ordinal(last);
        i = last + 1;
        continue;
      }
      long at = memberships.enteredAtMillis(i);
      out.writeSignedVarLong(at - previous);
      out.writeString(memberships.id(i));
      previous = at;
      lastOrdinal = ordinal >= 0 ? ordinal : -2;
      i++;
    }
    return Arrays.copyOf(out.buffer(), out.size());
  }

  /** Segment ids recur in every profile of an app: read once per thread, not once per profile. */
  private static final ThreadLocal<RecurringStrings> SEGMENT_IDS =
      ThreadLocal.withInitial(() -> new RecurringStrings(4096));

  /** The segment id of the entry that begins at {@code start} of a stored form. */
  static String idAt(byte[] stored, int start) {
    BinaryIn in = new BinaryIn(stored, start, stored.length);
    in.readSignedVarLong();
    return in.readString(SEGMENT_IDS.get());
  }

  /**
   * The stored memberships, in their stored order, with room to enter a few more. They keep {@code
   * stored} (to copy from when written back), which must not change afterwards.
   */
  public static Memberships decode(byte[] stored) {
    if (stored.length == 0 || stored[0] != FORMAT) {
      throw new IllegalStateException("unknown memberships format");
    }
    BinaryIn in = new BinaryIn(stored, 1, stored.length);
    int count = in.readCount();
    Memberships memberships = new Memberships(count);
    int[] starts = new int[count + 1];
    memberships.readFrom(stored, starts);
    long at = 0;
    for (int i = 0; i < count; i++) {
      starts[i] = in.position();
      at += in.readSignedVarLong();
      int length = in.readCount();
      int from = in.position();
      in.skip(length);
      // An ASCII id's bytes hash as its string would: indexed without making the string.
      int hash = 0;
      boolean ascii = true;
      for (int b = from; b < from + length; b++) {
        hash = 31 * hash + stored[b];
        ascii &= stored[b] >= 0;
      }
      boolean entered =
          ascii
              ? memberships.enterStored(hash, at)
              : memberships.enterStored(idAt(stored, starts[i]).hashCode(), at);
      if (!entered) {
        throw new IllegalStateException("a segment twice in the stored memberships");
      }
    }
    if (!in.atEnd()) {
      throw new IllegalStateException("unexpected bytes after the memberships");
    }
    starts[count] = in.position();
    return memberships;
  }
}
