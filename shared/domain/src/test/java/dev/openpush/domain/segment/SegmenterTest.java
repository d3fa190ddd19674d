package dev.openpush.domain.segment;

import static dev.openpush.domain.support.Fixtures.NOW;
import static dev.openpush.domain.support.Fixtures.event;
import static dev.openpush.domain.support.Fixtures.identify;
import static dev.openpush.domain.support.Fixtures.segment;
import static dev.openpush.domain.support.Fixtures.track;
import static org.assertj.core.api.Assertions.assertThat;

import dev.openpush.domain.event.Event;
import dev.openpush.domain.profile.Profile;
import dev.openpush.domain.profile.ProfileChange;
import dev.openpush.domain.profile.ProfileUpdater;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * An update re-evaluates only the segments where a leaf reading what changed flipped its answer;
 * each kind of input (events, traits, device context, last seen) must be seen as it was before.
 */
class SegmenterTest {
  private final ProfileUpdater updater = ProfileUpdater.withDefaults();
  private final Segmenter segmenter = new Segmenter();
  private final SegmentCatalog catalog =
      new SegmentCatalog(
          List.of(
              segment("lapsed", "{'computed':'lastSeenDays','op':'gte','value':3}"),
              segment("berlin", "{'trait':'city','op':'eq','value':'Berlin'}"),
              segment("ios", "{'platform':'ios'}"),
              segment(
                  "repeat-buyers", "{'event':'Order Completed','count':{'op':'gte','value':2}}"),
              segment("not-repeat", "{'not':{'segment':'repeat-buyers'}}")));

  /** A stored profile: its events applied and every segment evaluated, some time ago. */
  private Profile stored(Event... events) {
    Profile p = new Profile("shop", "u1");
    for (Event e : events) {
      updater.apply(p, e, NOW);
    }
    segmenter.afterUpdate(p, ProfileChange.everything(), catalog, NOW);
    return p;
  }

  private List<String> afterEvents(Profile p, Event... events) {
    ProfileChange change = new ProfileChange();
    for (Event e : events) {
      change.include(updater.apply(p, e, NOW));
    }
    return segmenter.afterUpdate(p, change, catalog, NOW).stream()
        .map(c -> c.kind() + " " + c.segmentId())
        .toList();
  }

  private static Event withPlatform(String os, Duration ago) {
    return event(
        "{'type':'track','event':'Application Opened','messageId':'m-"
            + os
            + ago.toMinutes()
            + "','userId':'u1','appId':'shop','timestamp':'"
            + NOW.minus(ago)
            + "','context':{'os':{'name':'"
            + os
            + "'}}}");
  }

  @Test
  void aReturningUserLeavesLapsed() {
    Profile p = stored(track("u1", "Application Opened", NOW.minus(Duration.ofDays(5)), "{}"));
    assertThat(p.memberships().asMap()).containsKeys("lapsed", "not-repeat");

    assertThat(afterEvents(p, track("u1", "Search", NOW.minusSeconds(60), "{}")))
        .containsExactly("EXITED lapsed");
  }

  @Test
  void aTraitChangeMovesTheUserOutOfTheOldValuesSegment() {
    Profile p = stored(identify("u1", NOW.minus(Duration.ofDays(1)), "{'city':'Berlin'}"));
    assertThat(p.memberships().asMap()).containsKey("berlin");

    assertThat(afterEvents(p, identify("u1", NOW.minusSeconds(60), "{'city':'Paris'}")))
        .containsExactly("EXITED berlin");
  }

  @Test
  void aNewDeviceContextIsComparedWithTheOldOne() {
    Profile p = stored(withPlatform("iOS", Duration.ofDays(1)));
    assertThat(p.memberships().asMap()).containsKey("ios");

    assertThat(afterEvents(p, withPlatform("Android", Duration.ofMinutes(1))))
        .containsExactly("EXITED ios");
  }

  @Test
  void aSecondOrderReachesSegmentsThatReferToTheOneItChanged() {
    Profile p = stored(track("u1", "Order Completed", NOW.minus(Duration.ofDays(2)), "{}"));

    assertThat(afterEvents(p, track("u1", "Order Completed", NOW.minusSeconds(60), "{}")))
        .containsExactlyInAnyOrder("ENTERED repeat-buyers", "EXITED not-repeat");
  }

  @Test
  void eventsThatFlipNoAnswerChangeNothing() {
    Profile p =
        stored(
            track("u1", "Order Completed", NOW.minus(Duration.ofDays(2)), "{}"),
            track("u1", "Order Completed", NOW.minus(Duration.ofDays(1)), "{}"));

    assertThat(afterEvents(p, track("u1", "Order Completed", NOW.minusSeconds(60), "{}")))
        .isEmpty();
    assertThat(p.memberships().asMap()).containsOnlyKeys("repeat-buyers");
  }

  @Test
  void leavesMeasuringTheSameRevenueWithDifferentThresholdsEachGetTheirOwnAnswer() {
    SegmentCatalog tiers =
        new SegmentCatalog(
            List.of(
                segment("spent-50", revenueAtLeast(50)),
                segment("spent-100", revenueAtLeast(100)),
                segment("spent-200", revenueAtLeast(200)),
                segment(
                    "big-not-huge",
                    "{'and':[" + revenueAtLeast(100) + ",{'not':" + revenueAtLeast(200) + "}]}")));
    Profile p = new Profile("shop", "u1");
    updater.apply(
        p, track("u1", "Order Completed", NOW.minus(Duration.ofDays(3)), "{'revenue':80}"), NOW);
    segmenter.afterUpdate(p, ProfileChange.everything(), tiers, NOW);
    assertThat(p.memberships().asMap()).containsOnlyKeys("spent-50");

    ProfileChange change =
        updater.apply(
            p, track("u1", "Order Completed", NOW.minusSeconds(60), "{'revenue':70}"), NOW);
    List<String> changes =
        segmenter.afterUpdate(p, change, tiers, NOW).stream()
            .map(c -> c.kind() + " " + c.segmentId())
            .toList();

    assertThat(changes).containsExactlyInAnyOrder("ENTERED spent-100", "ENTERED big-not-huge");
    assertThat(p.memberships().asMap()).containsOnlyKeys("spent-50", "spent-100", "big-not-huge");
  }

  private static String revenueAtLeast(int value) {
    return "{'event':'Order Completed','within':'P90D','sum':'revenue','op':'gte','value':"
        + value
        + "}";
  }
}
