package dev.openpush.domain.condition;

import static dev.openpush.domain.support.Fixtures.NOW;
import static dev.openpush.domain.support.Fixtures.condition;
import static dev.openpush.domain.support.Fixtures.event;
import static dev.openpush.domain.support.Fixtures.identify;
import static dev.openpush.domain.support.Fixtures.profileWith;
import static dev.openpush.domain.support.Fixtures.segment;
import static dev.openpush.domain.support.Fixtures.track;
import static org.assertj.core.api.Assertions.assertThat;

import dev.openpush.domain.profile.Profile;
import dev.openpush.domain.segment.SegmentCatalog;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class EvaluatorTest {
  private static final Instant DAY_AGO = NOW.minus(Duration.ofDays(1));

  private static boolean matches(String conditionText, Profile p) {
    return Evaluator.test(condition(conditionText), p, NOW, SegmentResolver.NONE);
  }

  private final Profile buyer =
      profileWith(
          track("u1", "Order Completed", NOW.minus(Duration.ofDays(100)), "{'revenue': 500}"),
          track(
              "u1",
              "Order Completed",
              NOW.minus(Duration.ofDays(10)),
              "{'revenue': 120, 'category': 'shoes'}"),
          track("u1", "Order Completed", DAY_AGO, "{'revenue': 80.5, 'category': 'bags'}"),
          track("u1", "Order Completed", DAY_AGO, "{'revenue': 'n/a'}"),
          track(
              "u1",
              "Product Viewed",
              NOW.minus(Duration.ofHours(2)),
              "{'item': {'brand': 'Acme'}}"));

  @Test
  void countsEventsInTheirWindowOnly() {
    assertThat(
            matches(
                "{'event':'Order Completed','within':'P30D','count':{'op':'eq','value':3}}", buyer))
        .isTrue();
    assertThat(matches("{'event':'Order Completed','count':{'op':'eq','value':4}}", buyer))
        .isTrue();
    assertThat(
            matches(
                "{'event':'Order Completed','within':'P5D','count':{'op':'gte','value':3}}", buyer))
        .isFalse();
  }

  @Test
  void aggregatesUseOnlyNumericProperties() {
    assertThat(
            matches(
                "{'event':'Order Completed','within':'P30D','sum':'revenue','op':'eq','value':200.5}",
                buyer))
        .isTrue();
    assertThat(
            matches(
                "{'event':'Order Completed','within':'P30D','avg':'revenue','op':'eq','value':100.25}",
                buyer))
        .isTrue();
    assertThat(matches("{'event':'Order Completed','min':'revenue','op':'eq','value':80.5}", buyer))
        .isTrue();
    assertThat(matches("{'event':'Order Completed','max':'revenue','op':'eq','value':500}", buyer))
        .isTrue();
  }

  @Test
  void sumOverNothingIsZeroWhileAvgMinMaxOverNothingAreFalse() {
    assertThat(matches("{'event':'Refund','sum':'amount','op':'eq','value':0}", buyer)).isTrue();
    assertThat(matches("{'event':'Refund','avg':'amount','op':'lt','value':1000}", buyer))
        .isFalse();
    assertThat(matches("{'event':'Refund','min':'amount','op':'notExists'}", buyer)).isFalse();
    assertThat(matches("{'event':'Refund','max':'amount','op':'lt','value':1000}", buyer))
        .isFalse();
  }

  @Test
  void whereFiltersByPropertiesIncludingDottedNames() {
    assertThat(
            matches(
                "{'event':'Order Completed','where':[{'property':'category','op':'eq','value':'shoes'}],'within':'P30D'}",
                buyer))
        .isTrue();
    assertThat(
            matches(
                "{'event':'Order Completed','where':[{'property':'category','op':'eq','value':'hats'}]}",
                buyer))
        .isFalse();
    assertThat(
            matches(
                "{'event':'Product Viewed','where':[{'property':'item.brand','op':'startsWith','value':'Ac'}]}",
                buyer))
        .isTrue();
  }

  @Test
  void anyEventMatchesTrackScreenAndPageButNotIdentify() {
    Profile onlyIdentified = profileWith(identify("u2", DAY_AGO, "{'plan':'pro'}"));
    Profile screenViewer =
        profileWith(
            event(
                "{'type':'screen','name':'Cart','messageId':'s1','userId':'u3','timestamp':'"
                    + DAY_AGO
                    + "'}"));
    assertThat(matches("{'event':'*'}", onlyIdentified)).isFalse();
    assertThat(matches("{'event':'*','within':'P2D'}", screenViewer)).isTrue();
    assertThat(
            matches(
                "{'event':'Screen Viewed','where':[{'property':'name','op':'eq','value':'Cart'}]}",
                screenViewer))
        .isTrue();
  }

  @Test
  void futureTimestampsCountAsNow() {
    Profile p = profileWith(track("u4", "Application Opened", NOW.plus(Duration.ofDays(3)), "{}"));
    assertThat(matches("{'event':'Application Opened','within':'PT1H'}", p)).isTrue();
    assertThat(matches("{'computed':'lastSeenDays','op':'eq','value':0}", p)).isTrue();
  }

  @Test
  void computedValuesFollowTheirDefinitions() {
    assertThat(matches("{'computed':'recencyDays','op':'eq','value':1}", buyer)).isTrue();
    assertThat(matches("{'computed':'frequency90d','op':'eq','value':3}", buyer)).isTrue();
    assertThat(matches("{'computed':'monetary90d','op':'eq','value':200.5}", buyer)).isTrue();
    assertThat(matches("{'computed':'lastSeenDays','op':'eq','value':0}", buyer)).isTrue();
    Profile never = profileWith(identify("u5", DAY_AGO, "{}"));
    assertThat(matches("{'computed':'recencyDays','op':'gte','value':0}", never)).isFalse();
    assertThat(matches("{'computed':'recencyDays','op':'notExists'}", never)).isTrue();
    assertThat(matches("{'computed':'lastSeenDays','op':'eq','value':1}", never)).isTrue();
  }

  @Test
  void wholeDaysAreFullTwentyFourHourPeriods() {
    Profile p = profileWith(track("u6", "Order Completed", NOW.minus(Duration.ofHours(47)), "{}"));
    assertThat(matches("{'computed':'recencyDays','op':'eq','value':1}", p)).isTrue();
  }

  @Test
  void traitWithinMeansADateInTheLastPeriod() {
    Profile p =
        profileWith(
            identify(
                "u7", DAY_AGO, "{'signupDate':'2026-11-15','renewal':'2027-01-01','bad':'soon'}"));
    assertThat(matches("{'trait':'signupDate','within':'P7D'}", p)).isTrue();
    assertThat(matches("{'trait':'signupDate','within':'P3D'}", p)).isFalse();
    assertThat(matches("{'trait':'renewal','within':'P7D'}", p)).isFalse();
    assertThat(matches("{'trait':'bad','within':'P7D'}", p)).isFalse();
    assertThat(matches("{'trait':'signupDate','op':'gt','value':'2026-11-14T23:00:00Z'}", p))
        .isTrue();
  }

  @Test
  void contextComesFromTheLatestEventAndATraitOfTheSameNameWins() {
    Profile p =
        profileWith(
            event(
                "{'type':'track','event':'A','messageId':'c1','userId':'u8','timestamp':'2026-11-19T00:00:00Z',"
                    + "'context':{'os':{'name':'iOS'},'app':{'version':'3.10.1'},'location':{'city':'Berlin','country':'DE'}}}"),
            event(
                "{'type':'track','event':'A','messageId':'c2','userId':'u8','timestamp':'2026-11-18T00:00:00Z',"
                    + "'context':{'os':{'name':'Android'},'location':{'city':'Paris'}}}"),
            identify("u8", DAY_AGO, "{'country':'FR'}"));
    assertThat(matches("{'platform':'ios'}", p)).isTrue();
    assertThat(matches("{'city':'Berlin'}", p)).isTrue();
    assertThat(matches("{'appVersion':{'op':'gte','value':'3.2.0'}}", p)).isTrue();
    assertThat(matches("{'country':'FR'}", p)).isTrue();
    assertThat(matches("{'locale':{'op':'exists'}}", p)).isFalse();
  }

  @Test
  void combinatorsNestToAnyDepth() {
    assertThat(
            matches(
                "{'not':{'or':[{'event':'Refund'},{'and':[{'event':'Order Completed'},{'not':{'event':'Product Viewed'}}]}]}}",
                buyer))
        .isTrue();
  }

  @Test
  void segmentReferencesEvaluateTheReferencedCondition() {
    SegmentCatalog catalog =
        new SegmentCatalog(
            List.of(
                segment("big", "{'computed':'monetary90d','op':'gte','value':200}"),
                segment(
                    "big-shoes",
                    "{'and':[{'segment':'big'},{'event':'Order Completed','where':[{'property':'category','op':'eq','value':'shoes'}]}]}")));
    assertThat(Evaluator.test(catalog.conditionOf("big-shoes"), buyer, NOW, catalog)).isTrue();
    assertThat(
            Evaluator.test(
                catalog.conditionOf("big-shoes"), buyer, NOW.plus(Duration.ofDays(85)), catalog))
        .isFalse();
  }
}
