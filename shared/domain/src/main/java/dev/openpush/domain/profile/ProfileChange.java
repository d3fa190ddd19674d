package dev.openpush.domain.profile;

import java.util.HashSet;
import java.util.Set;

/** What an update touched, so that only the segments reading it are re-evaluated. */
public final class ProfileChange {
  private final Set<String> eventNames = new HashSet<>();
  private final Set<String> traitKeys = new HashSet<>();
  private boolean context;
  private boolean lastEventMoved;
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
    return context;
  }

  public boolean lastEventMoved() {
    return lastEventMoved;
  }

  public boolean isEverything() {
    return everything;
  }

  public boolean isEmpty() {
    return !everything
        && !context
        && !lastEventMoved
        && eventNames.isEmpty()
        && traitKeys.isEmpty();
  }

  void addEvent(String name) {
    eventNames.add(name);
  }

  void addTrait(String key) {
    traitKeys.add(key);
  }

  void markContext() {
    context = true;
  }

  void markLastEventMoved() {
    lastEventMoved = true;
  }

  public void include(ProfileChange other) {
    eventNames.addAll(other.eventNames);
    traitKeys.addAll(other.traitKeys);
    context |= other.context;
    lastEventMoved |= other.lastEventMoved;
    everything |= other.everything;
  }
}
