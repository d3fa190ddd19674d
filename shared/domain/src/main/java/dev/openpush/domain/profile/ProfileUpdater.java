package dev.openpush.domain.profile;

import com.fasterxml.jackson.databind.JsonNode;
import dev.openpush.domain.event.Event;
import dev.openpush.domain.event.EventType;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/** Applies events and merges to profiles. Pure: no I/O, no clock of its own. */
public final class ProfileUpdater {

  /**
   * How long a message id is remembered for de-duplication (Kinesis' longest default retention).
   */
  public static final Duration IDEMPOTENCY_WINDOW = Duration.ofDays(7);

  /**
   * The most a user's traits may hold, as JSON text (keys and values). History gives way to keep a
   * profile within one item; traits do not, so they have a bound of their own that leaves the
   * history room.
   */
  public static final int MAX_TRAIT_BYTES = 64 * 1024;

  /**
   * The most message ids a profile remembers: a user sending thousands of events a day would
   * otherwise fill the item with a week of ids. Redeliveries come within minutes, and an equal
   * event in the history is recognised without its id.
   */
  public static final int MAX_SEEN_MESSAGE_IDS = 2_000;

  private final Duration historyRetention;
  private final int maxHistoryEvents;

  public ProfileUpdater(Duration historyRetention, int maxHistoryEvents) {
    this.historyRetention = historyRetention;
    this.maxHistoryEvents = maxHistoryEvents;
  }

  public static ProfileUpdater withDefaults() {
    return new ProfileUpdater(History.RETENTION, 5_000);
  }

  /**
   * Whether the event was applied before. Message ids are remembered for {@link
   * #IDEMPOTENCY_WINDOW} after receipt or after the event's time, whichever is later, so every
   * event whose time lies within the window has its id remembered. An older event may be a
   * redelivery whose id is forgotten: it is one if history already holds the same event (name, time
   * to the millisecond, properties).
   */
  public boolean isDuplicate(Profile profile, Event event, Instant receivedAt) {
    if (profile.seenMessageIds().containsKey(event.messageId())) {
      return true;
    }
    return event.type().isBehavioural()
        && event.timestamp().isBefore(receivedAt.minus(IDEMPOTENCY_WINDOW))
        && profile.history().contains(storedFormOf(event));
  }

  private static StoredEvent storedFormOf(Event event) {
    // History keeps milliseconds (ProfileCodec); so does the form compared with it.
    return new StoredEvent(
        event.name(), event.timestamp().truncatedTo(ChronoUnit.MILLIS), event.properties());
  }

  /**
   * Applies one event. The caller has checked {@link #isDuplicate}; applying the same event twice
   * is nonetheless harmless for traits and context, and history is guarded by the message id.
   *
   * @param receivedAt processing time, used only to age out remembered message ids
   */
  public ProfileChange apply(Profile profile, Event event, Instant receivedAt) {
    ProfileChange change = new ProfileChange();
    if (isDuplicate(profile, event, receivedAt)) {
      return change;
    }
    // Kept for the window after receipt, or after the event's own time when that is later (a
    // future-dated event), so that an event within the window always has its id remembered.
    Instant remembered = event.timestamp().isAfter(receivedAt) ? event.timestamp() : receivedAt;
    profile.seenMessageIds().put(event.messageId(), remembered);
    Instant at = event.timestamp();
    if (profile.firstSeenAt() == null || at.isBefore(profile.firstSeenAt())) {
      profile.setFirstSeenAt(at);
    }
    if (profile.lastEventAt() == null || at.isAfter(profile.lastEventAt())) {
      change.markLastEventMoved(profile.lastEventAt());
      profile.setLastEventAt(at);
    }
    if (event.type().isBehavioural()) {
      StoredEvent stored = storedFormOf(event);
      profile.history().add(stored);
      change.addEvent(stored);
    }
    if (event.type() == EventType.IDENTIFY) {
      // An identify under an id merged into this user (it reached the user through a merge
      // pointer) sets traits as the merged id's, which the user's own values outrank.
      boolean viaMergedId = !profile.userId().equals(event.primaryId());
      for (Iterator<Map.Entry<String, JsonNode>> it = event.traits().fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> trait = it.next();
        JsonNode value = trait.getValue().isNull() ? null : trait.getValue();
        TraitValue before = profile.traits().get(trait.getKey());
        if (setTrait(profile, trait.getKey(), new TraitValue(value, at, viaMergedId))) {
          change.addTrait(trait.getKey(), before);
        }
      }
    }
    var contextBefore = profile.context().absorb(event.context(), at);
    if (contextBefore != null) {
      change.markContext(contextBefore);
    }
    return change;
  }

  /**
   * Merges {@code source} (typically anonymous) into {@code target} (the known user): both
   * histories are kept, and on a trait conflict the target's own value wins ({@link
   * TraitValue#beats}), whether the source's events arrived before the merge or after it. The
   * source becomes a pointer to the target and holds nothing else, kept for the history retention;
   * its memberships are the caller's to exit.
   */
  public ProfileChange merge(Profile target, Profile source, Instant now) {
    target.history().addAll(source.history().all());
    for (Map.Entry<String, TraitValue> trait : source.traits().entrySet()) {
      setTrait(target, trait.getKey(), trait.getValue().asMerged());
    }
    for (Map.Entry<DeviceContext.Field, TraitValue> field : source.context().asMap().entrySet()) {
      TraitValue held = target.context().get(field.getKey());
      if (held == null || field.getValue().setAt().isAfter(held.setAt())) {
        target.context().put(field.getKey(), field.getValue());
      }
    }
    source.seenMessageIds().forEach(target.seenMessageIds()::putIfAbsent);
    if (source.firstSeenAt() != null
        && (target.firstSeenAt() == null || source.firstSeenAt().isBefore(target.firstSeenAt()))) {
      target.setFirstSeenAt(source.firstSeenAt());
    }
    if (source.lastEventAt() != null
        && (target.lastEventAt() == null || source.lastEventAt().isAfter(target.lastEventAt()))) {
      target.setLastEventAt(source.lastEventAt());
    }
    target.mergedIds().add(source.userId());
    target.mergedIds().addAll(source.mergedIds());
    target.mergedIds().remove(target.userId());

    source.dropHeldData();
    source.setMergedInto(target.userId());
    // The pointer routes late events of the old id; after the history horizon it has none left.
    source.setExpiresAt(now.plus(historyRetention));
    return ProfileChange.everything();
  }

  /**
   * Prunes the oldest history until the profile's stored form is at most {@code targetBytes}: a
   * profile is one item, and a user who sends many large events keeps the newest of them rather
   * than failing every write. Encodes to measure, so it runs only after a store refused a profile
   * as too large.
   *
   * @return how many events were pruned
   */
  public int fitForStorage(Profile profile, int targetBytes) {
    int pruned = 0;
    int size = ProfileCodec.encode(profile).length;
    while (size > targetBytes && profile.history().size() > 0) {
      // A tenth at a time (at least one): few encodings, and little more pruned than needed.
      int drop = Math.max(1, profile.history().size() / 10);
      profile.history().dropOldest(drop);
      pruned += drop;
      size = ProfileCodec.encode(profile).length;
    }
    return pruned;
  }

  /** Ages out history beyond retention and message ids beyond the idempotency window. */
  public void compact(Profile profile, Instant now) {
    profile.history().prune(now, historyRetention, maxHistoryEvents);
    Instant horizon = now.minus(IDEMPOTENCY_WINDOW);
    Map<String, Instant> seen = profile.seenMessageIds();
    seen.values().removeIf(seenAt -> seenAt.isBefore(horizon));
    if (seen.size() > MAX_SEEN_MESSAGE_IDS) {
      List<Map.Entry<String, Instant>> oldestFirst = new ArrayList<>(seen.entrySet());
      oldestFirst.sort(Map.Entry.comparingByValue());
      oldestFirst
          .subList(0, seen.size() - MAX_SEEN_MESSAGE_IDS)
          .forEach(e -> seen.remove(e.getKey()));
    }
  }

  /**
   * Whether applying {@code event} would take the user's traits past {@link #MAX_TRAIT_BYTES}.
   * Counted as JSON text, which is what the stored form is bounded by; only identify events set
   * traits.
   */
  public boolean traitsWouldOutgrow(Profile profile, Event event) {
    if (event.type() != EventType.IDENTIFY || event.traits().isEmpty()) {
      return false;
    }
    long size = 0;
    for (Map.Entry<String, TraitValue> held : profile.traits().entrySet()) {
      size += traitBytes(held.getKey(), held.getValue().value());
    }
    for (Iterator<Map.Entry<String, JsonNode>> it = event.traits().fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> trait = it.next();
      TraitValue held = profile.traits().get(trait.getKey());
      if (held != null) {
        size -= traitBytes(trait.getKey(), held.value());
      }
      size += traitBytes(trait.getKey(), trait.getValue());
    }
    return size > MAX_TRAIT_BYTES;
  }

  private static long traitBytes(String key, JsonNode value) {
    return key.length() + (value == null || value.isNull() ? 0 : value.toString().length());
  }

  /** Sets a trait when the incoming value outranks the held one ({@link TraitValue#beats}). */
  private static boolean setTrait(Profile profile, String key, TraitValue incoming) {
    TraitValue held = profile.traits().get(key);
    if (held != null && !incoming.beats(held)) {
      return false;
    }
    profile.traits().put(key, incoming);
    return held == null || !java.util.Objects.equals(held.value(), incoming.value());
  }
}
