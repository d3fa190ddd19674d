package dev.openpush.domain.event;

/** An input that is not a valid event; the message says why, in words a developer can act on. */
public final class MalformedEventException extends Exception {
  public MalformedEventException(String reason) {
    super(reason);
  }
}
