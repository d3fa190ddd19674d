package dev.openpush.domain.profile;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * How far back the segments of an app read each event name: the events a profile's item must keep
 * at hand. Older events go to immutable chunks ({@link ArchivedHistory}), read only when something
 * needs the whole history (explain, export, merges) or when a new segment reads further back.
 *
 * <p>A leaf with a window reads back that far; a leaf without one (ever, all-time counts) reads the
 * whole retention; {@code "*"} stands for every name. The computed values read 90 days of orders,
 * and the newest event of each name is always kept (the days since the last order need it).
 */
public final class HistoryHorizons {
  /** What the computed values read, whatever the segments say. */
  private static final Map<String, Duration> BASELINE =
      Map.of(dev.openpush.domain.event.Event.ORDER_COMPLETED, Duration.ofDays(90));

  /** Every event stays in the item: what a profile is held to when nothing is known. */
  public static final HistoryHorizons EVERYTHING = new HistoryHorizons(Map.of(), History.RETENTION);

  private final Map<String, Duration> byName;
  private final Duration anyName;

  private HistoryHorizons(Map<String, Duration> byName, Duration anyName) {
    this.byName = byName;
    this.anyName = anyName;
  }

  /** How far back events of {@code name} are read; zero when no segment reads them. */
  public Duration of(String name) {
    Duration own = byName.getOrDefault(name, Duration.ZERO);
    Duration baseline = BASELINE.getOrDefault(name, Duration.ZERO);
    Duration longest = own.compareTo(anyName) >= 0 ? own : anyName;
    return longest.compareTo(baseline) >= 0 ? longest : baseline;
  }

  /** Collects the windows of an app's event leaves. */
  public static final class Builder {
    private final Map<String, Duration> byName = new HashMap<>();
    private Duration anyName = Duration.ZERO;

    /**
     * A leaf reading {@code name} ({@code "*"} for any) back {@code within}, or over the whole
     * retention when {@code within} is null.
     */
    public Builder reads(String name, Duration within) {
      Duration back =
          within == null || within.compareTo(History.RETENTION) > 0 ? History.RETENTION : within;
      if ("*".equals(name)) {
        anyName = back.compareTo(anyName) > 0 ? back : anyName;
      } else {
        byName.merge(name, back, (a, b) -> a.compareTo(b) >= 0 ? a : b);
      }
      return this;
    }

    public HistoryHorizons build() {
      return new HistoryHorizons(Map.copyOf(byName), anyName);
    }
  }
}
