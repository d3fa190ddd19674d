package dev.openpush.domain.ports;

import java.util.List;

/** Where records that can never be processed are kept for inspection and replay. */
public interface DeadLetters {
  /** Stores every letter or throws; a letter that was not stored must not be acknowledged. */
  void send(List<DeadLetter> letters);
}
