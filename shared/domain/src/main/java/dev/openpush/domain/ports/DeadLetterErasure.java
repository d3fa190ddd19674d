package dev.openpush.domain.ports;

import java.util.Collection;

/** Removes a user's dead letters when the user is erased. */
public interface DeadLetterErasure {
  /**
   * Deletes every dead letter whose record had one of these partition keys (producers key records
   * by user id or anonymous id).
   *
   * @return how many were deleted
   */
  int forget(Collection<String> partitionKeys);
}
