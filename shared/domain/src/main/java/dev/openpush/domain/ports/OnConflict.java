package dev.openpush.domain.ports;

import java.util.function.Supplier;

/**
 * The one way a read-change-write unit is redone when another writer got there first: the stores
 * write conditionally on the version read and throw {@link ConcurrentUpdateException}, and the unit
 * starts again from a fresh read.
 */
public final class OnConflict {
  private OnConflict() {}

  /**
   * Runs {@code unit} up to {@code attempts} times.
   *
   * @param beforeRetry drops whatever the failed attempt read or changed in memory
   * @throws ConcurrentUpdateException when every attempt met a concurrent writer
   */
  public static <T> T retry(int attempts, Supplier<T> unit, Runnable beforeRetry) {
    ConcurrentUpdateException last = null;
    for (int attempt = 1; attempt <= attempts; attempt++) {
      try {
        return unit.get();
      } catch (ConcurrentUpdateException e) {
        last = e;
        beforeRetry.run();
      }
    }
    throw last;
  }
}
