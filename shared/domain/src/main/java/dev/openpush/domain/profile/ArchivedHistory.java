package dev.openpush.domain.profile;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The part of a user's history that no segment reads any more, kept in immutable chunks beside the
 * profile's item, so that the item rewritten with every batch holds only what evaluation needs
 * ({@link HistoryHorizons}). The item lists its chunks; a chunk is named by its content, so a chunk
 * written by a writer that then lost the race for the item is never listed and never read (its time
 * to live removes it).
 *
 * <p>The rule the item keeps: for each event name in {@link #keptSince()}, every event of that name
 * at or after the instant is in the item; older ones may be in chunks. An ingest whose segments
 * read further back than that ({@link #covers}) restores the chunks first.
 */
public final class ArchivedHistory {
  /**
   * How much older than its horizon an event must be before it leaves the item: clocks of
   * concurrent functions differ by seconds, and a day's margin lets events leave in groups.
   */
  public static final Duration SLACK = Duration.ofDays(1);

  /** Events wait in the item until this many can leave together: few chunks, few writes. */
  public static final int MIN_CHUNK_EVENTS = 32;

  /** A chunk as the item lists it. */
  public record Chunk(long id, Instant newest, int events) {
    /** The chunk's sort key in the history table. */
    public String key() {
      return String.format("c#%016x", id);
    }
  }

  /** A chunk made by {@link #moveOut}, to be stored before the item that lists it. */
  public record PendingChunk(Chunk chunk, byte[] body) {}

  private final List<Chunk> chunks = new ArrayList<>();
  private final Map<String, Instant> keptSince = new TreeMap<>();
  private final List<PendingChunk> toWrite = new ArrayList<>();
  private final Map<Long, Chunk> replaced = new LinkedHashMap<>();

  public List<Chunk> chunks() {
    return Collections.unmodifiableList(chunks);
  }

  /** Per event name, the instant from which every event of the name is in the item. */
  public Map<String, Instant> keptSince() {
    return Collections.unmodifiableMap(keptSince);
  }

  public boolean isEmpty() {
    return chunks.isEmpty();
  }

  /** Adds what a stored item lists. */
  public void load(List<Chunk> listed, Map<String, Instant> kept) {
    chunks.addAll(listed);
    keptSince.putAll(kept);
  }

  /** Whether the item holds every event that segments with these horizons read at {@code now}. */
  public boolean covers(HistoryHorizons horizons, Instant now) {
    for (Map.Entry<String, Instant> kept : keptSince.entrySet()) {
      if (now.minus(horizons.of(kept.getKey())).isBefore(kept.getValue())) {
        return false;
      }
    }
    return true;
  }

  /**
   * Moves out of {@code history} the events older than their name's horizon (less {@link #SLACK}),
   * except the newest of each name, into a new chunk, once at least {@link #MIN_CHUNK_EVENTS} are
   * waiting.
   *
   * @return whether a chunk was made
   */
  public boolean moveOut(History history, HistoryHorizons horizons, Instant now) {
    Map<String, Instant> cutoffs = new HashMap<>();
    List<StoredEvent> leaving = new ArrayList<>();
    for (StoredEvent event : history.all()) {
      Instant cutoff =
          cutoffs.computeIfAbsent(event.name(), n -> now.minus(horizons.of(n)).minus(SLACK));
      if (event.at().isBefore(cutoff) && !isNewestOfItsName(history, event)) {
        leaving.add(event);
      }
    }
    if (leaving.size() < MIN_CHUNK_EVENTS) {
      return false;
    }
    byte[] body = ProfileCodec.encodeChunk(leaving);
    Chunk chunk =
        new Chunk(
            ProfileCodec.contentId(body), leaving.get(leaving.size() - 1).at(), leaving.size());
    history.removeAll(leaving);
    for (StoredEvent event : leaving) {
      keptSince.merge(event.name(), cutoffs.get(event.name()), (a, b) -> a.isAfter(b) ? a : b);
    }
    chunks.add(chunk);
    toWrite.add(new PendingChunk(chunk, body));
    return true;
  }

  private static boolean isNewestOfItsName(History history, StoredEvent event) {
    List<StoredEvent> series = history.named(event.name());
    return series.get(series.size() - 1) == event;
  }

  /**
   * Puts the chunks' events back into {@code history}: the chunks are replaced, and are deleted
   * once the profile is stored without them.
   */
  public void restore(History history, List<StoredEvent> events) {
    history.addAll(events);
    dropAll();
  }

  /** Lists nothing any more: the listed chunks are to be deleted once the profile is stored. */
  public void dropAll() {
    chunks.forEach(c -> replaced.put(c.id(), c));
    chunks.clear();
    keptSince.clear();
  }

  /** Forgets chunks whose every event is past retention: their time to live removes them. */
  public void dropExpired(Instant now) {
    Instant horizon = now.minus(History.RETENTION);
    chunks.removeIf(c -> c.newest().isBefore(horizon));
  }

  /** Chunks made since the profile was read, to store before the item. */
  public List<PendingChunk> toWrite() {
    return Collections.unmodifiableList(toWrite);
  }

  /** Chunks the profile read but no longer lists, to delete after the item is stored. */
  public List<Chunk> toDelete() {
    List<Chunk> gone = new ArrayList<>();
    for (Chunk chunk : replaced.values()) {
      if (chunks.stream().noneMatch(c -> c.id() == chunk.id())) {
        gone.add(chunk);
      }
    }
    return gone;
  }

  /** The store has written and deleted what was pending. */
  public void stored() {
    toWrite.clear();
    replaced.clear();
  }
}
