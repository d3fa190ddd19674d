package dev.openpush.domain.profile;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.Objects;

/**
 * A behavioural event as the history keeps it: what the segment language can ask about.
 *
 * <p>An event read from storage keeps its properties in their stored bytes until something asks for
 * them: most leaves read only names and times, and an event written back unread is copied, not
 * re-encoded.
 */
public final class StoredEvent {
  private final String name;
  private final Instant at;
  private ObjectNode properties;
  private final byte[] storedProperties;

  /**
   * An event as ingest applies it. Its name is interned, as the names of stored events ({@link
   * ProfileCodec}) and of segment conditions are: a history's index finds them by identity.
   */
  public StoredEvent(String name, Instant at, ObjectNode properties) {
    this.name = name.intern();
    this.at = Objects.requireNonNull(at);
    this.properties = Objects.requireNonNull(properties);
    this.storedProperties = null;
  }

  private StoredEvent(String name, Instant at, byte[] storedProperties) {
    this.name = name;
    this.at = at;
    this.storedProperties = storedProperties;
  }

  /** An event as read from a stored body, its properties still in {@link JsonBinary} form. */
  static StoredEvent stored(String name, Instant at, byte[] storedProperties) {
    return new StoredEvent(name, at, storedProperties);
  }

  public String name() {
    return name;
  }

  public Instant at() {
    return at;
  }

  public ObjectNode properties() {
    if (properties == null) {
      properties =
          JsonBinary.readFields(new BinaryIn(storedProperties, 0, storedProperties.length));
    }
    return properties;
  }

  /** The properties' stored bytes when they were read from storage and not asked for since. */
  byte[] storedProperties() {
    return properties == null ? storedProperties : null;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof StoredEvent e
        && name.equals(e.name)
        && at.equals(e.at)
        && properties().equals(e.properties());
  }

  @Override
  public int hashCode() {
    return Objects.hash(name, at);
  }

  @Override
  public String toString() {
    return "StoredEvent[name=" + name + ", at=" + at + ", properties=" + properties() + "]";
  }
}
