package dev.openpush.domain.segment;

/**
 * A segment's life: computed from stored history, then kept current; deleted ones are cleared out.
 */
public enum SegmentStatus {
  BUILDING("building"),
  LIVE("live"),
  DELETING("deleting");

  private final String wireName;

  SegmentStatus(String wireName) {
    this.wireName = wireName;
  }

  public String wireName() {
    return wireName;
  }

  public static SegmentStatus fromWire(String name) {
    for (SegmentStatus status : values()) {
      if (status.wireName.equals(name)) {
        return status;
      }
    }
    throw new IllegalArgumentException("unknown segment status " + name);
  }
}
