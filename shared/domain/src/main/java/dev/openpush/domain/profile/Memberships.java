package dev.openpush.domain.profile;

import java.time.Instant;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;

/**
 * The segments a user belongs to, each with the time it was entered, in order of entry.
 *
 * <p>Shaped by what ingest does with them on every write: read all of them from the item (about 400
 * with 1,000 segments), enter or exit a few, write all of them back. Entries sit in two arrays (id,
 * entry time in epoch milliseconds) with an open-addressing index on the id's hash, so reading and
 * writing them allocates nothing per membership; a {@link java.util.LinkedHashMap} of {@link
 * Instant}s made them a third of the ingest path's CPU. An exit leaves a hole that the next growth
 * closes.
 *
 * <p>Memberships read from their stored form remember where each entry's bytes lie in it, so that
 * writing them back copies every run of entries a batch left alone instead of encoding each again
 * ({@link MembershipsCodec}): a batch enters or exits a handful of ~400. For the same reason an
 * entry read from there is indexed by the hash of its bytes and its id is made a string only when
 * something asks for it (a lookup that meets its hash, an iteration).
 */
public final class Memberships {
  private static final int MIN_ENTRIES = 8;

  /** An exited entry's id: compared by identity only. */
  private static final String EXITED = new String("exited");

  // Per entry: the segment id, EXITED for a hole, or null while not yet read from the source.
  private String[] ids;
  private long[] enteredAt;
  // The ids' hash codes: a probe compares them before touching a string.
  private int[] hashes;
  // Entries used, holes included, and entries held.
  private int end;
  private int size;
  // Entry index + 1 by hash, 0 for a free slot; at least twice as long as the entries.
  private int[] slots;
  // 32 - log2(slots.length): the bits of the hash that pick a slot.
  private int shift;
  // The stored form entries were read from, where its n-th entry begins in it (one more element:
  // the end of the last), and per entry which of the stored ones it is (-1: entered since).
  private byte[] source;
  private int[] sourceStarts;
  private int[] ordinals;

  public Memberships() {
    this(0);
  }

  /** Room for {@code expected} memberships and a few more without growing. */
  Memberships(int expected) {
    int entries = Math.max(MIN_ENTRIES, expected + expected / 8 + 4);
    ids = new String[entries];
    enteredAt = new long[entries];
    hashes = new int[entries];
    ordinals = new int[entries];
    index(entries);
  }

  private void index(int entries) {
    slots = new int[Integer.highestOneBit(entries * 2 - 1) << 1];
    shift = 32 - Integer.numberOfTrailingZeros(slots.length);
  }

  public int size() {
    return size;
  }

  public boolean isEmpty() {
    return size == 0;
  }

  public boolean isMember(String segmentId) {
    return entryOf(segmentId) >= 0;
  }

  /** When the user entered the segment, or null if not a member. */
  public Instant enteredAt(String segmentId) {
    int entry = entryOf(segmentId);
    return entry < 0 ? null : Instant.ofEpochMilli(enteredAt[entry]);
  }

  /** Enters the segment at {@code at}; false, changing nothing, if already a member. */
  public boolean enter(String segmentId, Instant at) {
    return enter(segmentId, at.toEpochMilli());
  }

  boolean enter(String segmentId, long atMillis) {
    int hash = segmentId.hashCode();
    int slot = slotOf(segmentId, hash);
    if (slots[slot] != 0) {
      return false;
    }
    if (end == ids.length) {
      grow();
      slot = slotOf(segmentId, hash);
    }
    ids[end] = segmentId;
    enteredAt[end] = atMillis;
    hashes[end] = hash;
    ordinals[end] = -1;
    slots[slot] = ++end;
    size++;
    return true;
  }

  /** Exits the segment; false if the user was not a member. */
  public boolean exit(String segmentId) {
    int slot = slotOf(segmentId, segmentId.hashCode());
    int entry = slots[slot] - 1;
    if (entry < 0) {
      return false;
    }
    ids[entry] = EXITED;
    size--;
    // Backward-shift deletion keeps every probe chain unbroken without tombstones.
    int mask = slots.length - 1;
    int free = slot;
    for (int next = (free + 1) & mask; slots[next] != 0; next = (next + 1) & mask) {
      int home = home(hashes[slots[next] - 1]);
      // Move the entry back if its home is not cyclically within (free, next].
      if (((next - home) & mask) >= ((next - free) & mask)) {
        slots[free] = slots[next];
        free = next;
      }
    }
    slots[free] = 0;
    return true;
  }

  public void clear() {
    source = null;
    sourceStarts = null;
    Arrays.fill(ids, 0, end, null);
    Arrays.fill(slots, 0);
    end = 0;
    size = 0;
  }

  /** Each membership in order of entry: segment id and entry time. */
  public void forEach(BiConsumer<String, Instant> action) {
    for (int i = 0; i < end; i++) {
      if (ids[i] != EXITED) {
        action.accept(id(i), Instant.ofEpochMilli(enteredAt[i]));
      }
    }
  }

  /** A copy as segment id to entry time, in order of entry. */
  public Map<String, Instant> asMap() {
    Map<String, Instant> copy = LinkedHashMap.newLinkedHashMap(size);
    forEach(copy::put);
    return Collections.unmodifiableMap(copy);
  }

  /** A copy of the segment ids, in order of entry. */
  public Set<String> segmentIds() {
    Set<String> copy = LinkedHashSet.newLinkedHashSet(size);
    for (int i = 0; i < end; i++) {
      if (ids[i] != EXITED) {
        copy.add(id(i));
      }
    }
    return Collections.unmodifiableSet(copy);
  }

  /**
   * Reads entries from {@code stored}, entry {@code i} from {@code starts[i]} to {@code starts[i +
   * 1]}: set before the first is entered ({@link #enterStored}), filled in as they are.
   */
  void readFrom(byte[] stored, int[] starts) {
    if (end != 0) {
      throw new IllegalStateException("memberships are read into an empty set only");
    }
    source = stored;
    sourceStarts = starts;
  }

  /**
   * Enters the next entry of the stored form, whose id's bytes hash to {@code hash} (as {@link
   * String#hashCode} would: ASCII), without making its id a string; false if it is there already.
   */
  boolean enterStored(int hash, long atMillis) {
    if (end == ids.length || end >= sourceStarts.length - 1) {
      throw new IllegalStateException("more stored memberships than counted");
    }
    ids[end] = null;
    ordinals[end] = end; // before the probe: a hash that meets another reads both ids
    int mask = slots.length - 1;
    int slot = home(hash);
    for (int entry = slots[slot] - 1; entry >= 0; entry = slots[slot] - 1) {
      if (hashes[entry] == hash && id(entry).equals(id(end))) {
        return false;
      }
      slot = (slot + 1) & mask;
    }
    enteredAt[end] = atMillis;
    hashes[end] = hash;
    slots[slot] = ++end;
    size++;
    return true;
  }

  /** Entries used, holes included: what {@link #id} and {@link #enteredAtMillis} index. */
  int entries() {
    return end;
  }

  /** Whether entry {@code i} is a membership, not a hole left by an exit. */
  boolean isMember(int i) {
    return ids[i] != EXITED;
  }

  /** The segment id of entry {@code i} (not a hole), read from the stored form if need be. */
  String id(int i) {
    String id = ids[i];
    if (id == null) {
      id = MembershipsCodec.idAt(source, sourceStarts[ordinals[i]]);
      ids[i] = id;
    }
    return id;
  }

  long enteredAtMillis(int i) {
    return enteredAt[i];
  }

  /**
   * Which entry of the stored form ({@link #source}) entry {@code i} was read as, counting from 0;
   * -1 if it was entered since.
   */
  int ordinal(int i) {
    return ordinals[i];
  }

  /** The stored form the entries with an {@link #ordinal} were read from. */
  byte[] source() {
    return source;
  }

  /** Where the stored form's entry {@code ordinal} begins in it; its end is where the next does. */
  int sourceStart(int ordinal) {
    return sourceStarts[ordinal];
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Memberships other && asMap().equals(other.asMap());
  }

  @Override
  public int hashCode() {
    return asMap().hashCode();
  }

  @Override
  public String toString() {
    return asMap().toString();
  }

  private int entryOf(String segmentId) {
    return slots[slotOf(segmentId, segmentId.hashCode())] - 1;
  }

  /** The slot holding {@code segmentId}, or the free slot where it would go. */
  private int slotOf(String segmentId, int hash) {
    int mask = slots.length - 1;
    for (int slot = home(hash); ; slot = (slot + 1) & mask) {
      int entry = slots[slot] - 1;
      if (entry < 0 || (hashes[entry] == hash && id(entry).equals(segmentId))) {
        return slot;
      }
    }
  }

  /**
   * Fibonacci hashing: ids of one app tend to differ in their last characters only ("seg-41",
   * "seg-42"), whose hash codes are neighbours, and neighbours in a linear-probing table run into
   * each other's clusters. The multiplication spreads them over the table; the top bits are used.
   */
  private int home(int hash) {
    return (hash * 0x9E3779B9) >>> shift;
  }

  /**
   * Closes the holes and, if still full, doubles the room; then indexes the entries again by their
   * hashes (they are distinct: no id is compared, none read from the stored form).
   */
  private void grow() {
    int capacity = size * 2 > ids.length ? ids.length * 2 : ids.length;
    String[] oldIds = ids;
    long[] oldAt = enteredAt;
    int[] oldHashes = hashes;
    int[] oldOrdinals = ordinals;
    int oldEnd = end;
    ids = new String[capacity];
    enteredAt = new long[capacity];
    hashes = new int[capacity];
    ordinals = new int[capacity];
    index(capacity);
    int mask = slots.length - 1;
    end = 0;
    for (int i = 0; i < oldEnd; i++) {
      if (oldIds[i] != EXITED) {
        ids[end] = oldIds[i];
        enteredAt[end] = oldAt[i];
        hashes[end] = oldHashes[i];
        ordinals[end] = oldOrdinals[i];
        int slot = home(oldHashes[i]);
        while (slots[slot] != 0) {
          slot = (slot + 1) & mask;
        }
        slots[slot] = ++end;
      }
    }
  }
}
