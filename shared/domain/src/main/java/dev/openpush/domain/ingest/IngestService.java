package dev.openpush.domain.ingest;

import dev.openpush.domain.event.Event;
import dev.openpush.domain.event.EventParser;
import dev.openpush.domain.event.MalformedEventException;
import dev.openpush.domain.ports.ConcurrentUpdateException;
import dev.openpush.domain.ports.DeadLetter;
import dev.openpush.domain.ports.DeadLetters;
import dev.openpush.domain.ports.OnConflict;
import dev.openpush.domain.ports.ProfileStore;
import dev.openpush.domain.ports.ProfileTooLargeException;
import dev.openpush.domain.ports.SegmentSource;
import dev.openpush.domain.profile.Profile;
import dev.openpush.domain.segment.MembershipChange;
import dev.openpush.domain.segment.SegmentCatalog;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Turns a batch of raw records into profile updates and membership changes. Malformed records are
 * dead-lettered with the reason; the rest are grouped by person so that one person costs one write
 * per batch; a failure fails only that person's records.
 */
public final class IngestService {
  private static final Logger LOG = Logger.getLogger(IngestService.class.getName());
  private static final int ATTEMPTS = 3;

  /** Merges in one unit of work: with the person's own profile, well inside 100 actions. */
  static final int MERGES_PER_UNIT = 40;

  private final EventParser parser;
  private final PersonUpdate personUpdate;
  private final ProfileStore store;
  private final SegmentSource segments;
  private final DeadLetters deadLetters;
  private final Clock clock;

  public IngestService(
      ProfileStore store, SegmentSource segments, DeadLetters deadLetters, Clock clock) {
    this.store = store;
    this.segments = segments;
    this.deadLetters = deadLetters;
    this.clock = clock;
    this.parser = new EventParser(clock);
    this.personUpdate = new PersonUpdate();
  }

  public BatchOutcome process(List<IncomingRecord> records) {
    List<String> failed = new ArrayList<>();
    List<DeadLetter> letters = new ArrayList<>();
    Map<String, List<Located>> byApp = new LinkedHashMap<>();
    Map<String, IncomingRecord> byId = new HashMap<>();
    for (IncomingRecord record : records) {
      byId.put(record.id(), record);
      try {
        Event event = parser.parse(record.data());
        byApp
            .computeIfAbsent(event.appId(), k -> new ArrayList<>())
            .add(new Located(record.id(), record.arrivedAt(), event));
      } catch (MalformedEventException e) {
        letters.add(new DeadLetter(record, e.getMessage()));
      }
    }
    send(letters, failed);
    List<DeadLetter> refused = new ArrayList<>();
    int applied = 0;
    int duplicates = 0;
    int erased = 0;
    int prunedForSize = 0;
    int commits = 0;
    List<MembershipChange> changes = new ArrayList<>();
    for (Map.Entry<String, List<Located>> app : byApp.entrySet()) {
      SegmentCatalog catalog;
      Map<String, Profile> preloaded;
      try {
        catalog = segments.catalogFor(app.getKey());
        preloaded = new HashMap<>(store.load(app.getKey(), People.ids(app.getValue())));
      } catch (RuntimeException e) {
        LOG.log(
            Level.WARNING,
            "could not read segments or profiles ({0}); the app''s records will be retried",
            e.toString());
        LOG.log(Level.FINE, "read failure", e);
        app.getValue().forEach(l -> failed.add(l.recordId()));
        continue;
      }
      for (List<Located> person : People.group(app.getValue())) {
        List<List<Located>> units = units(person);
        for (int u = 0; u < units.size(); u++) {
          PersonUpdate.Result result = withRetries(app.getKey(), units.get(u), catalog, preloaded);
          if (result == null) {
            // This unit and the person's later ones are retried, in order.
            units
                .subList(u, units.size())
                .forEach(unit -> unit.forEach(l -> failed.add(l.recordId())));
            break;
          }
          applied += result.applied();
          duplicates += result.duplicates();
          erased += result.erased();
          prunedForSize += result.prunedForSize();
          commits += result.committed() ? 1 : 0;
          changes.addAll(result.changes());
          result
              .refused()
              .forEach(
                  l ->
                      refused.add(
                          new DeadLetter(byId.get(l.recordId()), PersonUpdate.TRAITS_TOO_LARGE)));
        }
      }
    }
    // Applied without them: the person's other records are committed, these are kept whole.
    send(refused, failed);
    return new BatchOutcome(
        failed,
        applied,
        duplicates,
        letters.size() + refused.size(),
        commits,
        erased,
        prunedForSize,
        changes);
  }

  /** Dead letters, or, when their destination is down, failed records for Lambda to retry. */
  private void send(List<DeadLetter> letters, List<String> failed) {
    if (letters.isEmpty()) {
      return;
    }
    try {
      deadLetters.send(letters);
    } catch (RuntimeException e) {
      LOG.log(
          Level.WARNING,
          "dead-letter destination unavailable ({0}); its records will be retried",
          e.toString());
      letters.forEach(l -> failed.add(l.record().id()));
    }
  }

  /**
   * Runs one person's update, redoing it from a fresh read when another writer got there first. A
   * failed attempt may have changed cached profiles in memory, so the cache is dropped.
   */
  private PersonUpdate.Result withRetries(
      String appId, List<Located> person, SegmentCatalog catalog, Map<String, Profile> preloaded) {
    try {
      try {
        return OnConflict.retry(
            ATTEMPTS,
            () ->
                personUpdate.run(store, appId, person, catalog, clock.instant(), preloaded, false),
            preloaded::clear);
      } catch (ProfileTooLargeException e) {
        // Redo from a fresh read, pruning the oldest history until the profile fits.
        preloaded.clear();
        LOG.log(Level.FINE, "pruning history to fit: {0}", e.getMessage());
        return OnConflict.retry(
            ATTEMPTS,
            () -> personUpdate.run(store, appId, person, catalog, clock.instant(), preloaded, true),
            preloaded::clear);
      }
    } catch (ConcurrentUpdateException e) {
      preloaded.clear();
      LOG.log(Level.FINE, "profile kept changing; its records will be retried");
      return null;
    } catch (RuntimeException e) {
      preloaded.clear();
      LOG.log(
          Level.WARNING, "profile update failed; its records will be retried: {0}", e.toString());
      LOG.log(Level.FINE, "profile update failure", e);
      return null;
    }
  }

  /** An event and the record it came from. */
  /**
   * Cuts one person's events into units of work, in order, each with at most {@link
   * #MERGES_PER_UNIT} events that merge ids: a unit is one atomic commit, and every merge adds a
   * profile to it, so a batch that merges a hundred anonymous ids must not become one commit of a
   * hundred profiles (more than a DynamoDB transaction takes). Each unit is idempotent on its own.
   */
  static List<List<Located>> units(List<Located> person) {
    List<List<Located>> units = new ArrayList<>();
    List<Located> current = new ArrayList<>();
    int merges = 0;
    for (Located located : person) {
      boolean merging = located.event().linkedId().isPresent();
      if (merging && merges == MERGES_PER_UNIT) {
        units.add(current);
        current = new ArrayList<>();
        merges = 0;
      }
      current.add(located);
      merges += merging ? 1 : 0;
    }
    if (!current.isEmpty()) {
      units.add(current);
    }
    return units;
  }

  /**
   * An event and the record it came from.
   *
   * @param arrivedAt when the record reached the stream (null if unknown)
   */
  record Located(String recordId, Instant arrivedAt, Event event) {}
}
