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
import org.junit.jupiter.api.Test;

class TimeTriggersTest {

  @Test
  void userLeavesBoughtInTheLastSevenDaysWhenTheLastOrderLeavesTheWindow() {
    Instant lastOrder = NOW.minus(Duration.ofDays(2));
    Profile p = profileWith(
        track("u1", "Order Completed", NOW.minus(Duration.ofDays(5)), "{}"),
        track("u1", "Order Completed", lastOrder, "{}"));
    Condition bought = condition("{'event':'Order Completed','within':'P7D'}");

    assertThat(TimeTriggers.nextChange(bought, p, NOW, SegmentResolver.NONE)).contains(lastOrder.plus(Duration.ofDays(7)));
  }

  @Test
  void userEntersLapsedWhenTheLastOpenAgesOut() {
    Instant opened = NOW.minus(Duration.ofDays(3));
    Profile p = profileWith(track("u2", "Application Opened", opened, "{}"));
    Condition lapsed = condition("{'not':{'event':'Application Opened','within':'P14D'}}");

    assertThat(TimeTriggers.nextChange(lapsed, p, NOW, SegmentResolver.NONE)).contains(opened.plus(Duration.ofDays(14)));
  }

  @Test
  void daysCountsChangeTheAnswerOnlyWhereTheyCrossTheComparedNumber() {
    Instant order = NOW.minus(Duration.ofHours(5));
    Profile p = profileWith(track("u3", "Order Completed", order, "{}"));
    Condition lapsing = condition("{'computed':'recencyDays','op':'gt','value':30}");

    assertThat(TimeTriggers.nextChange(lapsing, p, NOW, SegmentResolver.NONE)).contains(order.plus(Duration.ofDays(31)));
  }

  @Test
  void signupWithinAWeekEndsAWeekAfterTheSignupDate() {
    Profile p = profileWith(identify("u4", NOW, "{'signupDate':'2026-11-18'}"));
    Condition fresh = condition("{'trait':'signupDate','within':'P7D'}");

    assertThat(TimeTriggers.nextChange(fresh, p, NOW, SegmentResolver.NONE)).contains(Instant.parse("2026-11-25T00:00:00Z"));
  }

  @Test
  void conditionsWithoutTimeNeverChangeByTimeAlone() {
    Profile p = profileWith(track("u5", "Order Completed", NOW, "{}"));
    Condition ever = condition("{'and':[{'event':'Order Completed'},{'trait':'city','op':'exists'}]}");

    assertThat(TimeTriggers.nextChange(ever, p, NOW, SegmentResolver.NONE)).isEmpty();
    assertThat(TimeTriggers.dependsOnTime(ever, SegmentResolver.NONE)).isFalse();
  }
}
