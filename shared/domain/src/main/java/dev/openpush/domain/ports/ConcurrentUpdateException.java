package dev.openpush.domain.ports;

/**
 * A profile changed between read and write; the unit of work should be redone from a fresh read.
 */
public final class ConcurrentUpdateException extends RuntimeException {
  public ConcurrentUpdateException(String message) {
    super(message);
  }
}
