package dev.openpush.domain.ports;

import dev.openpush.domain.delivery.DeliveryState;
import java.util.Optional;

/** Where each user's consent, devices and recent messages live. */
public interface DeliveryStates {
  Optional<DeliveryState> find(String appId, String userId);

  /**
   * Stores {@code state} if the stored version is still {@code state.version()} (absent counts as
   * 0), as version + 1.
   *
   * @throws ConcurrentUpdateException if another writer got there first
   */
  void save(DeliveryState state);

  /** Deletes the user's state; deleting what is not there is not an error. */
  void delete(String appId, String userId);
}
