package dev.openpush.domain.ports;

import dev.openpush.domain.profile.Profile;
import dev.openpush.domain.segment.MembershipChange;
import java.util.List;

/**
 * One unit of work on one person: the profiles it rewrites (the known user, and any profile merged
 * into it), the membership changes, and how the app's user count moves.
 */
public record ProfileCommit(String appId, List<Write> writes, int userCountDelta) {

  /**
   * @param profile the state to store, memberships included; {@code profile.version()} is the
   *     version it was read at
   * @param changes the membership changes this write makes, for the caller's report (a store
   *     derives member items from the memberships it stores)
   */
  public record Write(Profile profile, List<MembershipChange> changes) {}
}
