package dev.openpush.domain.memberships;

import static org.assertj.core.api.Assertions.assertThat;

import dev.openpush.domain.ports.MemberIndex;
import dev.openpush.domain.segment.MembershipChange;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class MembershipProjectionTest {
  private static final Instant T0 = Instant.parse("2026-11-20T12:00:00Z");

  /** Member items as a map of segment#user to entry time, as DynamoDB would hold them. */
  private static final class Items implements MemberIndex {
    final Map<String, Instant> items = new TreeMap<>();
    final List<MembershipChange> applied = new ArrayList<>();

    @Override
    public void apply(String appId, List<MembershipChange> changes) {
      for (MembershipChange c : changes) {
        String key = appId + "/" + c.segmentId() + "#" + c.userId();
        if (c.kind() == MembershipChange.Kind.ENTERED) {
          items.put(key, c.at());
        } else {
          items.remove(key);
        }
        applied.add(c);
      }
    }
  }

  @Test
  void entriesExitsAndReentriesBecomePutsAndDeletes() {
    Items index = new Items();
    Instant later = T0.plusSeconds(60);
    int applied =
        new MembershipProjection(index)
            .project(
                List.of(
                    new StoredMemberships(
                        "shop",
                        "lea",
                        Map.of("vip", T0, "churn", T0, "new", T0),
                        Map.of("vip", T0, "new", later, "buyers", later),
                        later)));

    assertThat(applied).isEqualTo(3);
    assertThat(index.applied)
        .extracting(c -> c.kind() + " " + c.segmentId() + " " + c.at())
        .containsExactlyInAnyOrder(
            "EXITED churn " + later, "ENTERED new " + later, "ENTERED buyers " + later);
  }

  @Test
  void aWriteThatMovesNoMembershipWritesNothing() {
    Items index = new Items();
    int applied =
        new MembershipProjection(index)
            .project(
                List.of(
                    new StoredMemberships("shop", "lea", Map.of("vip", T0), Map.of("vip", T0), T0),
                    new StoredMemberships("shop", "max", Map.of(), Map.of(), T0)));

    assertThat(applied).isZero();
    assertThat(index.applied).isEmpty();
  }

  @Test
  void replayingTheFeedFromAnyEarlierPointConvergesOnTheLastStoredMemberships() {
    Random random = new Random(7);
    for (int trial = 0; trial < 200; trial++) {
      // A run of profile versions of a few users, each write listing random memberships.
      List<StoredMemberships> feed = new ArrayList<>();
      Map<String, Map<String, Instant>> current = new HashMap<>();
      for (int v = 0; v < 30; v++) {
        String user = "u" + random.nextInt(3);
        Map<String, Instant> before = current.getOrDefault(user, Map.of());
        Map<String, Instant> after = new HashMap<>();
        for (String segment : List.of("a", "b", "c", "d")) {
          if (random.nextInt(3) > 0) {
            boolean stays = before.containsKey(segment) && random.nextBoolean();
            after.put(segment, stays ? before.get(segment) : T0.plusSeconds(v));
          }
        }
        feed.add(new StoredMemberships("shop", user, before, after, T0.plusSeconds(v)));
        current.put(user, after);
      }
      Items once = new Items();
      new MembershipProjection(once).project(feed);
      // A batch retried from an earlier record applies some writes twice, in order.
      Items replayed = new Items();
      int failedAt = random.nextInt(feed.size());
      int retryFrom = random.nextInt(failedAt + 1);
      new MembershipProjection(replayed).project(feed.subList(0, failedAt));
      new MembershipProjection(replayed).project(feed.subList(retryFrom, feed.size()));

      Map<String, Instant> expected = new TreeMap<>();
      current.forEach(
          (user, segments) ->
              segments.forEach((segment, at) -> expected.put("shop/" + segment + "#" + user, at)));
      assertThat(once.items).isEqualTo(expected);
      assertThat(replayed.items).isEqualTo(expected);
    }
  }
}
