package dev.openpush.domain.condition;

import static dev.openpush.domain.support.Fixtures.NOW;
import static dev.openpush.domain.support.Fixtures.condition;
import static dev.openpush.domain.support.Fixtures.identify;
import static dev.openpush.domain.support.Fixtures.profileWith;
import static dev.openpush.domain.support.Fixtures.track;
import static org.assertj.core.api.Assertions.assertThat;

import dev.openpush.domain.profile.Profile;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class TimeTriggersTest {

  @Test
  void userLeavesBoughtInTheLastSevenDaysWhenTheLastOrderLeavesTheWindow() {
    Instant lastOrder = NOW.minus(Duration.ofDays(2));
    Profile p =
        profileWith(
            track("u1", "Order Completed", NOW.minus(Duration.ofDays(5)), "{}"),
            track("u1", "Order Completed", lastOrder, "{}"));
    Condition bought = condition("{'event':'Order Completed','within':'P7D'}");

    assertThat(Optional.ofNullable(LeafFlips.nextChange(bought, p, NOW, SegmentResolver.NONE)))
        .contains(lastOrder.plus(Duration.ofDays(7)));
  }

  @Test
  void userEntersLapsedWhenTheLastOpenAgesOut() {
    Instant opened = NOW.minus(Duration.ofDays(3));
    Profile p = profileWith(track("u2", "Application Opened", opened, "{}"));
    Condition lapsed = condition("{'not':{'event':'Application Opened','within':'P14D'}}");

    assertThat(Optional.ofNullable(LeafFlips.nextChange(lapsed, p, NOW, SegmentResolver.NONE)))
        .contains(opened.plus(Duration.ofDays(14)));
  }

  @Test
  void daysCountsChangeTheAnswerOnlyWhereTheyCrossTheComparedNumber() {
    Instant order = NOW.minus(Duration.ofHours(5));
    Profile p = profileWith(track("u3", "Order Completed", order, "{}"));
    Condition lapsing = condition("{'computed':'recencyDays','op':'gt','value':30}");

    assertThat(Optional.ofNullable(LeafFlips.nextChange(lapsing, p, NOW, SegmentResolver.NONE)))
        .contains(order.plus(Duration.ofDays(31)));
  }

  @Test
  void signupWithinAWeekEndsAWeekAfterTheSignupDate() {
    Profile p = profileWith(identify("u4", NOW, "{'signupDate':'2026-11-18'}"));
    Condition fresh = condition("{'trait':'signupDate','within':'P7D'}");

    assertThat(Optional.ofNullable(LeafFlips.nextChange(fresh, p, NOW, SegmentResolver.NONE)))
        .contains(Instant.parse("2026-11-25T00:00:00Z"));
  }

  @Test
  void conditionsWithoutTimeNeverChangeByTimeAlone() {
    Profile p = profileWith(track("u5", "Order Completed", NOW, "{}"));
    Condition ever =
        condition("{'and':[{'event':'Order Completed'},{'trait':'city','op':'exists'}]}");

    assertThat(Optional.ofNullable(LeafFlips.nextChange(ever, p, NOW, SegmentResolver.NONE)))
        .isEmpty();
    assertThat(TimeTriggers.dependsOnTime(ever, SegmentResolver.NONE)).isFalse();
  }

  @Test
  void aCountLeafFlipsWhenTheEventThatKeepsItTrueLeavesTheWindow() {
    Profile p =
        profileWith(
            track("u6", "Product Viewed", NOW.minus(Duration.ofDays(6)), "{}"),
            track("u6", "Product Viewed", NOW.minus(Duration.ofDays(4)), "{}"),
            track("u6", "Product Viewed", NOW.minus(Duration.ofDays(3)), "{}"),
            track("u6", "Product Viewed", NOW.minus(Duration.ofDays(1)), "{}"));
    Condition browsing =
        condition("{'event':'Product Viewed','within':'P7D','count':{'op':'gte','value':3}}");

    Instant flip = LeafFlips.earliest(browsing, p, NOW, SegmentResolver.NONE);

    assertThat(flip).isEqualTo(NOW.minus(Duration.ofDays(4)).plus(Duration.ofDays(7)));
    assertThat(Optional.ofNullable(LeafFlips.nextChange(browsing, p, NOW, SegmentResolver.NONE)))
        .contains(flip);
  }

  @Test
  void theEarliestLeafFlipIsNeverLaterThanTheConditionsOwnChange() {
    Profile p =
        profileWith(
            track("u7", "Order Completed", NOW.minus(Duration.ofDays(2)), "{'revenue':80}"),
            track("u7", "Application Opened", NOW.minus(Duration.ofDays(1)), "{}"));
    Condition c =
        condition(
            "{'or':[{'event':'Application Opened','within':'P3D'},"
                + "{'event':'Order Completed','within':'P30D','sum':'revenue','op':'gte','value':50}]}");

    Instant leaf = LeafFlips.earliest(c, p, NOW, SegmentResolver.NONE);
    Instant whole =
        Optional.ofNullable(LeafFlips.nextChange(c, p, NOW, SegmentResolver.NONE)).orElseThrow();

    assertThat(leaf).isEqualTo(NOW.plus(Duration.ofDays(2)));
    assertThat(whole).isEqualTo(NOW.plus(Duration.ofDays(28)));
    assertThat(leaf).isBeforeOrEqualTo(whole);
  }

  @Test
  void aLeafFlipIsOnlyAnsweredWhenItComesBeforeTheBound() {
    Profile p =
        profileWith(
            track("u8", "Product Viewed", NOW.minus(Duration.ofDays(4)), "{}"),
            track("u8", "Product Viewed", NOW.minus(Duration.ofDays(3)), "{}"),
            track("u8", "Order Completed", NOW.minus(Duration.ofHours(30)), "{}"));
    Condition browsing =
        condition("{'event':'Product Viewed','within':'P7D','count':{'op':'gte','value':2}}");
    Condition recent = condition("{'computed':'recencyDays','op':'gte','value':3}");
    Instant browsingFlip = NOW.plus(Duration.ofDays(3));
    Instant recentFlip = NOW.minus(Duration.ofHours(30)).plus(Duration.ofDays(3));

    assertThat(LeafFlips.ofLeaf(browsing, p, NOW, null)).isEqualTo(browsingFlip);
    assertThat(LeafFlips.ofLeaf(browsing, p, NOW, browsingFlip.plusMillis(1)))
        .isEqualTo(browsingFlip);
    assertThat(LeafFlips.ofLeaf(browsing, p, NOW, browsingFlip)).isNull();
    assertThat(LeafFlips.ofLeaf(recent, p, NOW, null)).isEqualTo(recentFlip);
    assertThat(LeafFlips.ofLeaf(recent, p, NOW, recentFlip.plusMillis(1))).isEqualTo(recentFlip);
    // The next whole day (18 hours away) is already past this bound: dismissed unsearched.
    assertThat(LeafFlips.ofLeaf(recent, p, NOW, NOW.plus(Duration.ofHours(12)))).isNull();
  }

  @Test
  void hugeButValidDayCountsNeverOverflowTheSearch() {
    Profile p = profileWith(track("u9", "Order Completed", NOW.minus(Duration.ofDays(2)), "{}"));
    Condition huge =
        condition(
            "{'or':[{'computed':'lastSeenDays','op':'lt','value':1e20},"
                + "{'computed':'recencyDays','op':'between','value':[1, 9.99e125]}]}");

    assertThat(Evaluator.test(huge, p, NOW, SegmentResolver.NONE)).isTrue();
    assertThat(LeafFlips.earliest(huge, p, NOW, SegmentResolver.NONE)).isNull();
    assertThat(LeafFlips.nextChange(huge, p, NOW, SegmentResolver.NONE)).isNull();
  }
}
