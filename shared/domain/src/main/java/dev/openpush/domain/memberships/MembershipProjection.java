package dev.openpush.domain.memberships;

import dev.openpush.domain.ports.MemberIndex;
import dev.openpush.domain.segment.MembershipChange;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Keeps the member index in step with the memberships stored on profiles. A profile write carries
 * its memberships, so a commit is one conditional put (billed once) instead of a transaction with a
 * member item per change (billed twice); the member items follow from the profile table's change
 * feed, in the order the profile versions were written, and each change is an absolute put or
 * delete, so replaying a feed from any earlier point converges on the same items.
 */
public final class MembershipProjection {
  private final MemberIndex index;

  public MembershipProjection(MemberIndex index) {
    this.index = index;
  }

  /**
   * Applies what these writes changed, in their order.
   *
   * @return how many member items were put or deleted
   */
  public int project(List<StoredMemberships> writes) {
    Map<String, List<MembershipChange>> byApp = new LinkedHashMap<>();
    for (StoredMemberships write : writes) {
      List<MembershipChange> changes = changes(write);
      if (!changes.isEmpty()) {
        byApp.computeIfAbsent(write.appId(), k -> new ArrayList<>()).addAll(changes);
      }
    }
    int applied = 0;
    for (Map.Entry<String, List<MembershipChange>> app : byApp.entrySet()) {
      index.apply(app.getKey(), app.getValue());
      applied += app.getValue().size();
    }
    return applied;
  }

  /**
   * Exits for the segments only {@code before} has; entries for those only {@code after} has, and
   * for those whose entry time moved (the user left and came back between the two writes).
   */
  static List<MembershipChange> changes(StoredMemberships write) {
    List<MembershipChange> changes = new ArrayList<>();
    write
        .before()
        .forEach(
            (segment, enteredAt) -> {
              if (!write.after().containsKey(segment)) {
                changes.add(
                    new MembershipChange(
                        write.appId(),
                        segment,
                        write.userId(),
                        MembershipChange.Kind.EXITED,
                        write.writtenAt()));
              }
            });
    write
        .after()
        .forEach(
            (segment, enteredAt) -> {
              if (!Objects.equals(write.before().get(segment), enteredAt)) {
                changes.add(
                    new MembershipChange(
                        write.appId(),
                        segment,
                        write.userId(),
                        MembershipChange.Kind.ENTERED,
                        enteredAt));
              }
            });
    return changes;
  }
}
