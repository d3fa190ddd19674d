package dev.openpush.domain.event;

import java.util.Optional;

/** The Segment-spec call types the product accepts. */
public enum EventType {
  TRACK("track"),
  IDENTIFY("identify"),
  ALIAS("alias"),
  SCREEN("screen"),
  PAGE("page");

  private final String wireName;

  EventType(String wireName) {
    this.wireName = wireName;
  }

  public String wireName() {
    return wireName;
  }

  /**
   * Whether events of this type enter the behavioural history (what {@code "event": "*"} matches).
   */
  public boolean isBehavioural() {
    return this == TRACK || this == SCREEN || this == PAGE;
  }

  public static Optional<EventType> fromWire(String name) {
    for (EventType type : values()) {
      if (type.wireName.equals(name)) {
        return Optional.of(type);
      }
    }
    return Optional.empty();
  }
}
