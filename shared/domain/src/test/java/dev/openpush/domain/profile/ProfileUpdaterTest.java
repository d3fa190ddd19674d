package dev.openpush.domain.profile;

import static dev.openpush.domain.support.Fixtures.NOW;
import static dev.openpush.domain.support.Fixtures.identify;
import static dev.openpush.domain.support.Fixtures.json;
import static dev.openpush.domain.support.Fixtures.track;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class ProfileUpdaterTest {
  private final ProfileUpdater updater = ProfileUpdater.withDefaults();
  private final Instant t1 = NOW.minus(Duration.ofHours(2));
  private final Instant t2 = NOW.minus(Duration.ofHours(1));

  @Test
  void anOlderIdentifyArrivingLateNeverWins() {
    Profile p = new Profile("shop", "u1");
    updater.apply(p, identify("u1", t2, "{'city':'Berlin','plan':'pro'}"), NOW);
    updater.apply(p, identify("u1", t1, "{'city':'Paris','age':30}"), NOW);

    assertThat(p.trait("city")).isEqualTo(json("'Berlin'"));
    assertThat(p.trait("age")).isEqualTo(json("30"));
  }

  @Test
  void aNullTraitIsRemovedAndAnOlderValueDoesNotBringItBack() {
    Profile p = new Profile("shop", "u1");
    updater.apply(p, identify("u1", t2, "{'city':null,'nickname':''}"), NOW);
    updater.apply(p, identify("u1", t1, "{'city':'Paris'}"), NOW);

    assertThat(p.trait("city")).isNull();
    assertThat(p.trait("nickname")).isEqualTo(json("''"));
  }

  @Test
  void equalTimestampsResolveTheSameWhateverTheArrivalOrder() {
    Profile a = new Profile("shop", "u1");
    Profile b = new Profile("shop", "u1");
    var x = identify("u1", t1, "{'tier':'gold'}");
    var y = identify("u1", t1, "{'tier':'silver'}");
    updater.apply(a, x, NOW);
    updater.apply(a, y, NOW);
    updater.apply(b, y, NOW);
    updater.apply(b, x, NOW);

    assertThat(a.trait("tier")).isEqualTo(b.trait("tier"));
  }

  @Test
  void dottedNamesReachIntoNestedTraits() {
    Profile p = new Profile("shop", "u1");
    updater.apply(p, identify("u1", t1, "{'address':{'city':'Berlin'}}"), NOW);
    assertThat(p.trait("address.city")).isEqualTo(json("'Berlin'"));
    assertThat(p.trait("address.zip")).isNull();
  }

  @Test
  void lateEventsTakeTheirPlaceInHistory() {
    Profile p = new Profile("shop", "u1");
    updater.apply(p, track("u1", "B", t2, "{}"), NOW);
    updater.apply(p, track("u1", "A", t1, "{}"), NOW);
    assertThat(p.history().all()).extracting(StoredEvent::name).containsExactly("A", "B");
  }

  @Test
  void mergeKeepsBothHistoriesAndTheKnownUsersTraitOnConflict() {
    Profile known = new Profile("shop", "u1");
    Profile anonymous = new Profile("shop", "a1");
    updater.apply(known, identify("u1", t1, "{'city':'Berlin'}"), NOW);
    updater.apply(anonymous, identify("a1", t2, "{'city':'Paris','campaign':'fall'}"), NOW);
    updater.apply(anonymous, track("a1", "Product Viewed", t2, "{}"), NOW);
    updater.apply(known, track("u1", "Order Completed", t1, "{}"), NOW);

    updater.merge(known, anonymous, NOW);

    assertThat(known.trait("city")).isEqualTo(json("'Berlin'"));
    assertThat(known.trait("campaign")).isEqualTo(json("'fall'"));
    assertThat(known.history().size()).isEqualTo(2);
    assertThat(known.mergedIds()).containsExactly("a1");
    assertThat(anonymous.mergedInto()).isEqualTo("u1");
    assertThat(anonymous.history().size()).isZero();
    assertThat(anonymous.expiresAt()).isEqualTo(NOW.plus(Duration.ofDays(400)));
    assertThat(known.expiresAt()).isNull();
  }

  @Test
  void codecRoundTripsEverythingItStores() {
    Profile p = new Profile("shop", "u1");
    updater.apply(p, identify("u1", t1, "{'city':'Berlin','gone':null}"), NOW);
    updater.apply(p, track("u1", "Order Completed", t2, "{'revenue':59.9}"), NOW);
    p.mergedIds().add("a9");

    Profile copy = ProfileCodec.decode(ProfileCodec.encode(p), new Profile("shop", "u1"));

    assertThat(copy.traits()).isEqualTo(p.traits());
    assertThat(copy.history().all()).isEqualTo(p.history().all());
    assertThat(copy.seenMessageIds()).isEqualTo(p.seenMessageIds());
    assertThat(copy.mergedIds()).containsExactly("a9");
    assertThat(copy.lastEventAt()).isEqualTo(p.lastEventAt());
  }

  @Test
  void anOldEventRedeliveredAfterItsIdIsForgottenIsRecognisedInHistory() {
    Profile p = new Profile("shop", "u1");
    var order = track("u1", "Order Completed", NOW.minus(Duration.ofDays(9)), "{'revenue':42}");
    updater.apply(p, order, NOW.minus(Duration.ofDays(9)));
    Instant tenDaysOn = NOW.plus(Duration.ofDays(1));
    updater.compact(p, tenDaysOn);

    assertThat(p.seenMessageIds()).isEmpty();
    assertThat(updater.isDuplicate(p, order, tenDaysOn)).isTrue();
    updater.apply(p, order, tenDaysOn);
    assertThat(p.history().named("Order Completed")).hasSize(1);
  }

  @Test
  void recentEventsWithEqualContentButTheirOwnIdsBothCount() {
    Profile p = new Profile("shop", "u1");
    Instant at = NOW.minus(Duration.ofMinutes(5));
    updater.apply(p, track("u1", "Application Opened", at, "{}"), NOW);
    updater.apply(p, track("u1", "Application Opened", at, "{}"), NOW);

    assertThat(p.history().named("Application Opened")).hasSize(2);
  }

  @Test
  void aFutureDatedEventsIdIsRememberedUntilAWeekAfterItsOwnTime() {
    Profile p = new Profile("shop", "u1");
    var early = track("u1", "Order Completed", NOW.plus(Duration.ofDays(3)), "{'revenue':42}");
    updater.apply(p, early, NOW);
    Instant eightDaysOn = NOW.plus(Duration.ofDays(8));
    updater.compact(p, eightDaysOn);

    assertThat(p.seenMessageIds()).containsKey(early.messageId());
    assertThat(updater.isDuplicate(p, early, eightDaysOn)).isTrue();
  }

  @Test
  void aUserSendingThousandsOfEventsADayKeepsOnlyTheNewestMessageIds() {
    Profile p = new Profile("shop", "u1");
    int sent = ProfileUpdater.MAX_SEEN_MESSAGE_IDS + 500;
    for (int i = 0; i < sent; i++) {
      Instant at = NOW.minus(Duration.ofHours(6)).plusSeconds(i);
      p.seenMessageIds().put("m" + i, at);
    }

    updater.compact(p, NOW);

    assertThat(p.seenMessageIds()).hasSize(ProfileUpdater.MAX_SEEN_MESSAGE_IDS);
    assertThat(p.seenMessageIds()).containsKey("m" + (sent - 1)).doesNotContainKey("m499");
    assertThat(p.seenMessageIds()).containsKey("m500");
  }
}
