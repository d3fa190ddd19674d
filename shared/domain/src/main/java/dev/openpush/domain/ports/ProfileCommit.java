package dev.openpush.domain.ports;

import dev.openpush.domain.profile.Profile;
import dev.openpush.domain.segment.MembershipChange;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * One unit of work on one person: the profiles it rewrites (the known user, and any profile merged
 * into it), the membership changes, and how the app's user count moves.
 */
public record ProfileCommit(String appId, List<Write> writes, int userCountDelta) {

  /**
   * @param profile the state to store; {@code profile.version()} is the version it was read at
   * @param membershipsAtRead the memberships as stored when read, so a store that must split the
   *     work keeps the stored profile and the membership records in step
   */
  public record Write(
      Profile profile, Map<String, Instant> membershipsAtRead, List<MembershipChange> changes) {}
}
