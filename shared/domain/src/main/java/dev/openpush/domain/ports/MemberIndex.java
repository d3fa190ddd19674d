package dev.openpush.domain.ports;

import dev.openpush.domain.segment.MembershipChange;
import java.util.List;

/**
 * The member items that segment sizes and member pages are read from. They follow the memberships
 * stored on profiles ({@link dev.openpush.domain.memberships.MembershipProjection}); applying the
 * same changes again, in the same order, leaves the same items, so a retried batch is harmless.
 */
public interface MemberIndex {

  /** Puts an item for every entry and deletes the item of every exit, in the order given. */
  void apply(String appId, List<MembershipChange> changes);
}
