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
    int written = -1; // the entry written last
    int entries = memberships.entries();
    for (int i = 0; i < entries; ) {
      if (memberships.idAt(i) == null) {
        i++;
        continue;
      }
      byte[] source = memberships.sourceOf(i);
      if (source != null && written == i - 1) {
        int last = i;
        while (last + 1 < entries
            && memberships.idAt(last + 1) != null
            && memberships.sourceOf(last + 1) != null) {
          last++;
        }
        int from = memberships.sourceStart(i);
        out.write(source, from, memberships.sourceStart(last + 1) - from);
        previous = memberships.enteredAtMillis(last);
        written = last;
        i = last + 1;
        continue;
      }
      long at = memberships.enteredAtMillis(i);
      out.writeSignedVarLong(at - previous);
      out.writeString(memberships.idAt(i));
      previous = at;
      written = i;
      i++;
    }
    return Arrays.copyOf(out.buffer(), out.size());
  }

  /** Segment ids recur in every profile of an app: read once per thread, not once per profile. */
  private static final ThreadLocal<RecurringStrings> SEGMENT_IDS =
      ThreadLocal.withInitial(() -> new RecurringStrings(4096));

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
    RecurringStrings ids = SEGMENT_IDS.get();
    int[] starts = new int[count + 1];
    long at = 0;
    for (int i = 0; i < count; i++) {
      starts[i] = in.position();
      at += in.readSignedVarLong();
      if (!memberships.enter(in.readString(ids), at)) {
        throw new IllegalStateException("a segment twice in the stored memberships");
      }
    }
    if (!in.atEnd()) {
      throw new IllegalStateException("unexpected bytes after the memberships");
    }
    starts[count] = in.position();
    memberships.readFrom(stored, starts);
    return memberships;
  }
}
