package dev.openpush.domain.profile;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A user's behavioural events in event-time order, with a per-name index so that a segment leaf
 * reads only the events it names and finds its time window by binary search.
 */
public final class History {
  /**
   * How long events are kept: a little over a year, so that "in the last 365 days" and a yearly
   * comparison both see whole windows. No window in a segment may be longer.
   */
  public static final Duration RETENTION = Duration.ofDays(400);

  private static final Comparator<StoredEvent> BY_TIME = Comparator.comparing(StoredEvent::at);

  private final List<StoredEvent> events = new ArrayList<>();
  private Map<String, List<StoredEvent>> byName;

  public List<StoredEvent> all() {
    return Collections.unmodifiableList(events);
  }

  public int size() {
    return events.size();
  }

  /** Inserts in event-time order; late events land where they belong. The name index follows. */
  public void add(StoredEvent event) {
    insertInOrder(events, event);
    if (byName != null) {
      insertInOrder(byName.computeIfAbsent(event.name(), k -> new ArrayList<>()), event);
    }
  }

  private static void insertInOrder(List<StoredEvent> list, StoredEvent event) {
    int at = list.size();
    while (at > 0 && list.get(at - 1).at().isAfter(event.at())) {
      at--;
    }
    list.add(at, event);
  }

  public void addAll(List<StoredEvent> others) {
    List<StoredEvent> merged = new ArrayList<>(events.size() + others.size());
    merged.addAll(events);
    merged.addAll(others);
    merged.sort(BY_TIME);
    events.clear();
    events.addAll(merged);
    byName = null;
  }

  /** Whether an equal event (same name, time and properties) is held. */
  public boolean contains(StoredEvent event) {
    List<StoredEvent> series = named(event.name());
    int lo = 0;
    int hi = series.size();
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (series.get(mid).at().isBefore(event.at())) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    for (int i = lo; i < series.size() && series.get(i).at().equals(event.at()); i++) {
      if (series.get(i).equals(event)) {
        return true;
      }
    }
    return false;
  }

  /** Events of one name (or every event for {@code "*"}), oldest first. */
  public List<StoredEvent> named(String name) {
    if ("*".equals(name)) {
      return events;
    }
    if (byName == null) {
      Map<String, List<StoredEvent>> index = new HashMap<>();
      for (StoredEvent event : events) {
        index.computeIfAbsent(event.name(), k -> new ArrayList<>()).add(event);
      }
      byName = index;
    }
    return byName.getOrDefault(name, List.of());
  }

  /**
   * The tail of a time-ordered list that lies in the window {@code (now - within, ∞)}: events in
   * the last {@code within}, and future-dated events, which count as now.
   */
  public static List<StoredEvent> window(List<StoredEvent> series, Instant now, Duration within) {
    return within == null
        ? series
        : series.subList(windowStart(series, now, within), series.size());
  }

  /**
   * Where {@link #window} begins in {@code series}: the evaluation path reads windows of many
   * leaves per event, and by index they cost neither a view nor an instant.
   */
  public static int windowStart(List<StoredEvent> series, Instant now, Duration within) {
    if (within == null) {
      return 0;
    }
    long fromSecond = now.getEpochSecond() - within.getSeconds();
    int fromNano = now.getNano() - within.getNano();
    if (fromNano < 0) {
      fromNano += 1_000_000_000;
      fromSecond--;
    }
    int lo = 0;
    int hi = series.size();
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      Instant at = series.get(mid).at();
      if (at.getEpochSecond() > fromSecond
          || (at.getEpochSecond() == fromSecond && at.getNano() > fromNano)) {
        hi = mid;
      } else {
        lo = mid + 1;
      }
    }
    return lo;
  }

  /** Removes these events (the very objects held, not equal ones). */
  public void removeAll(Collection<StoredEvent> leaving) {
    Set<StoredEvent> gone = Collections.newSetFromMap(new IdentityHashMap<>());
    gone.addAll(leaving);
    events.removeIf(gone::contains);
    byName = null;
  }

  /** Drops the {@code n} oldest events. */
  public void dropOldest(int n) {
    int drop = Math.min(n, events.size());
    if (drop > 0) {
      events.subList(0, drop).clear();
      byName = null;
    }
  }

  /** Drops what is older than {@code maxAge}, then the oldest beyond {@code maxEvents}. */
  public void prune(Instant now, Duration maxAge, int maxEvents) {
    Instant horizon = now.minus(maxAge);
    int drop = 0;
    while (drop < events.size() && events.get(drop).at().isBefore(horizon)) {
      drop++;
    }
    drop = Math.max(drop, events.size() - maxEvents);
    if (drop > 0) {
      events.subList(0, drop).clear();
      byName = null;
    }
  }
}
