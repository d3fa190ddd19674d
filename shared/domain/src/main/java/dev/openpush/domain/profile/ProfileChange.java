package dev.openpush.domain.profile;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What an update touched, and what those things were before it: enough to re-evaluate only the
 * leaves that read them, and to tell which of their answers the update flipped.
 */
public final class ProfileChange {
  private final Set<String> eventNames = new HashSet<>();
  private final Set<String> traitKeys = new HashSet<>();
  private final List<StoredEvent> added = new ArrayList<>();
  // The first value seen of each changed trait key; a null value means it was absent.
  private final Map<String, TraitValue> traitsBefore = new HashMap<>();
  private Map<DeviceContext.Field, TraitValue> contextBefore;
  private boolean lastEventMoved;
  private Instant lastEventBefore;
  private boolean everything;

  public static ProfileChange everything() {
    ProfileChange change = new ProfileChange();
    change.everything = true;
    return change;
  }

  public Set<String> eventNames() {
    return eventNames;
  }

  public Set<String> traitKeys() {
    return traitKeys;
  }

  public boolean context() {
    return contextBefore != null;
  }

  public boolean lastEventMoved() {
    return lastEventMoved;
  }

  /** A merge or a profile never evaluated: every segment must be looked at. */
  public boolean isEverything() {
    return everything;
  }

  void addEvent(StoredEvent event) {
    eventNames.add(event.name());
    added.add(event);
  }

  void addTrait(String key, TraitValue before) {
    traitKeys.add(key);
    if (!traitsBefore.containsKey(key)) {
      traitsBefore.put(key, before);
    }
  }

  void markContext(Map<DeviceContext.Field, TraitValue> before) {
    if (contextBefore == null) {
      contextBefore = before;
    }
  }

  void markLastEventMoved(Instant before) {
    if (!lastEventMoved) {
      lastEventMoved = true;
      lastEventBefore = before;
    }
  }

  /** Adds a later change of the same profile: what was before stays the earlier one's. */
  public void include(ProfileChange later) {
    eventNames.addAll(later.eventNames);
    added.addAll(later.added);
    later.traitsBefore.forEach(this::addTrait);
    if (later.contextBefore != null) {
      markContext(later.contextBefore);
    }
    if (later.lastEventMoved) {
      markLastEventMoved(later.lastEventBefore);
    }
    everything |= later.everything;
  }

  /**
   * The profile as it was before this change (and after any earlier ones). Meaningless for {@link
   * #everything()}, which keeps no record of what it replaced.
   */
  public ProfileFacts before(Profile after) {
    return new Before(after);
  }

  private final class Before implements ProfileFacts {
    private final Profile after;
    private final Map<String, List<StoredEvent>> events = new HashMap<>();

    Before(Profile after) {
      this.after = after;
    }

    @Override
    public JsonNode trait(String dottedName) {
      return Profile.traitIn(
          key -> traitsBefore.containsKey(key) ? traitsBefore.get(key) : after.traits().get(key),
          dottedName);
    }

    @Override
    public JsonNode contextValue(DeviceContext.Field field) {
      JsonNode fromTrait = trait(field.conditionName());
      if (fromTrait != null) {
        return fromTrait;
      }
      TraitValue held =
          contextBefore != null ? contextBefore.get(field) : after.context().get(field);
      return held == null ? null : held.value();
    }

    @Override
    public List<StoredEvent> events(String name) {
      if (!"*".equals(name) && !eventNames.contains(name)) {
        return after.events(name);
      }
      List<StoredEvent> kept = events.get(name);
      if (kept == null) {
        kept = withoutAdded(name);
        events.put(name, kept);
      }
      return kept;
    }

    private List<StoredEvent> withoutAdded(String name) {
      Set<StoredEvent> skip =
          java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
      skip.addAll(added);
      List<StoredEvent> kept = new ArrayList<>();
      for (StoredEvent event : after.events(name)) {
        if (!skip.contains(event)) {
          kept.add(event);
        }
      }
      return kept;
    }

    @Override
    public Instant lastEventAt() {
      return lastEventMoved ? lastEventBefore : after.lastEventAt();
    }
  }
}
