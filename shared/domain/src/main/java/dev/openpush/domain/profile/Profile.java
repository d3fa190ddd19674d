package dev.openpush.domain.profile;

import com.fasterxml.jackson.databind.JsonNode;
import dev.openpush.domain.json.Json;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * Everything held on one user of one app: traits, context, behavioural history, segment
 * memberships. A profile that was merged into another by {@code alias} stays behind as a pointer
 * ({@link #mergedInto()}) so that later events under the old id find the known user.
 */
public final class Profile implements ProfileFacts {
  private final String appId;
  private final String userId;
  private long version;
  private final Map<String, TraitValue> traits = new TreeMap<>();
  private final DeviceContext context = new DeviceContext();
  private final History history = new History();
  private final ArchivedHistory archive = new ArchivedHistory();
  private final Map<String, Instant> seenMessageIds = new HashMap<>();
  private Memberships memberships = new Memberships();
  private final Set<String> mergedIds = new LinkedHashSet<>();
  private String mergedInto;
  private Instant expiresAt;
  private Instant erasedAt;
  private Instant firstSeenAt;
  private Instant lastEventAt;
  private Instant nextWake;

  public Profile(String appId, String userId) {
    this.appId = appId;
    this.userId = userId;
  }

  public String appId() {
    return appId;
  }

  public String userId() {
    return userId;
  }

  /** The stored version this profile was read at; 0 for a profile never stored. */
  public long version() {
    return version;
  }

  public void setVersion(long version) {
    this.version = version;
  }

  public Map<String, TraitValue> traits() {
    return traits;
  }

  @Override
  public JsonNode trait(String dottedName) {
    return traitIn(traits::get, dottedName);
  }

  /** The value at a dotted name among traits held by top-level key, or null when absent. */
  static JsonNode traitIn(Function<String, TraitValue> traits, String dottedName) {
    int dot = dottedName.indexOf('.');
    String key = dot < 0 ? dottedName : dottedName.substring(0, dot);
    TraitValue held = traits.apply(key);
    if (held == null || held.isRemoved()) {
      return null;
    }
    if (dot < 0) {
      return held.value();
    }
    return Json.at(held.value(), dottedName.substring(dot + 1));
  }

  public DeviceContext context() {
    return context;
  }

  @Override
  public JsonNode contextValue(DeviceContext.Field field) {
    JsonNode fromTrait = trait(field.conditionName());
    if (fromTrait != null) {
      return fromTrait;
    }
    TraitValue held = context.get(field);
    return held == null ? null : held.value();
  }

  @Override
  public List<StoredEvent> events(String name) {
    return history.named(name);
  }

  /** The events the item holds: those the segments read, and any not yet moved out. */
  public History history() {
    return history;
  }

  /** The older events, in chunks beside the item. */
  public ArchivedHistory archive() {
    return archive;
  }

  public Map<String, Instant> seenMessageIds() {
    return seenMessageIds;
  }

  /** The segments the user is in, with the time each was entered. */
  public Memberships memberships() {
    return memberships;
  }

  /** Sets the memberships read from the store. */
  public void setMemberships(Memberships stored) {
    memberships = stored;
  }

  /** Ids (anonymous or earlier) that were merged into this profile. */
  public Set<String> mergedIds() {
    return mergedIds;
  }

  public String mergedInto() {
    return mergedInto;
  }

  public boolean isPointer() {
    return mergedInto != null;
  }

  public void setMergedInto(String target) {
    this.mergedInto = target;
  }

  /**
   * When this id was erased, for a tombstone: the profile holds nothing else, and records that
   * reached the stream before then (still in flight when the user asked) are dropped, not applied.
   */
  public Instant erasedAt() {
    return erasedAt;
  }

  public boolean isErased() {
    return erasedAt != null;
  }

  /** A person's profile: neither a pointer to another nor an erased id's tombstone. */
  public boolean isPerson() {
    return mergedInto == null && erasedAt == null;
  }

  /**
   * Makes this profile a tombstone: everything held is dropped, the id is remembered as erased at
   * {@code at} until {@code keepUntil} (the stream's retention: no record sent before the erasure
   * can arrive later). Memberships are the caller's to exit first.
   */
  public void eraseAt(Instant at, Instant keepUntil) {
    dropHeldData();
    memberships.clear();
    mergedInto = null;
    firstSeenAt = null;
    lastEventAt = null;
    erasedAt = at;
    expiresAt = keepUntil;
  }

  /**
   * Drops traits, context, history, remembered message ids, merged ids and the wake-up: what a
   * profile that stops standing for a person (merged away, erased) must no longer hold.
   */
  public void dropHeldData() {
    traits.clear();
    context.asMap().clear();
    history.dropOldest(history.size());
    archive.dropAll();
    seenMessageIds.clear();
    mergedIds.clear();
    nextWake = null;
  }

  /** Turns a tombstone back into an empty profile: the id is in use again, after its erasure. */
  public void revive() {
    erasedAt = null;
    expiresAt = null;
  }

  /** When the store may drop this profile by itself (merge pointers only), or null for never. */
  public Instant expiresAt() {
    return expiresAt;
  }

  public void setExpiresAt(Instant at) {
    this.expiresAt = at;
  }

  public Instant firstSeenAt() {
    return firstSeenAt;
  }

  public void setFirstSeenAt(Instant at) {
    this.firstSeenAt = at;
  }

  /** The latest event time of any type: what {@code lastSeenDays} counts from. */
  @Override
  public Instant lastEventAt() {
    return lastEventAt;
  }

  public void setLastEventAt(Instant at) {
    this.lastEventAt = at;
  }

  /** When membership may next change by time alone; null when it cannot. */
  public Instant nextWake() {
    return nextWake;
  }

  public void setNextWake(Instant nextWake) {
    this.nextWake = nextWake;
  }

  public boolean isEmpty() {
    return traits.isEmpty()
        && history.size() == 0
        && archive.isEmpty()
        && lastEventAt == null
        && mergedIds.isEmpty();
  }
}
