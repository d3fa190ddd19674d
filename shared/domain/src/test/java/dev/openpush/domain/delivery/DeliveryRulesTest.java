package dev.openpush.domain.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DeliveryRulesTest {
  private static final Instant NOW = Instant.parse("2026-11-20T12:00:00Z");
  private static final Device PHONE =
      new Device("phone", Platform.APNS, "tok-1", "arn:endpoint/1", true, NOW);
  private static final Device OLD_TABLET =
      new Device("tablet", Platform.GCM, "tok-2", "arn:endpoint/2", false, NOW);
  private static final Message PROMO =
      new Message("spring-sale", "run-1", null, List.of(), false, false, null);

  private static Recipient user(Consent consent, List<Device> devices, List<Send> sends) {
    return new Recipient("lea", consent, devices, null, sends, name -> null);
  }

  private static Recipient reachable() {
    return user(Consent.NEVER_SET, List.of(PHONE), List.of());
  }

  private static Verdict check(DeliverySettings settings, Message message, Recipient user) {
    return new DeliveryRules(settings).check(message, user, NOW);
  }

  private static Verdict.Suppress suppressed(SuppressionReason reason) {
    return new Verdict.Suppress(reason);
  }

  @Test
  void aUserWhoNeverSetConsentGetsTheMessageOnEveryValidDevice() {
    Recipient user = user(Consent.NEVER_SET, List.of(PHONE, OLD_TABLET), List.of());

    assertThat(check(DeliverySettings.NONE, PROMO, user))
        .isEqualTo(new Verdict.Deliver(List.of(PHONE)));
  }

  @Test
  void consentAndTopicsAreHonoured() {
    Message news = new Message("weekly", "run-1", "news", List.of(), false, false, null);
    Consent optedOut = new Consent(false, Map.of(), NOW);
    Consent noNews = new Consent(true, Map.of("news", false, "offers", true), NOW);

    assertThat(check(DeliverySettings.NONE, PROMO, user(optedOut, List.of(PHONE), List.of())))
        .isEqualTo(suppressed(SuppressionReason.CONSENT));
    assertThat(check(DeliverySettings.NONE, news, user(noNews, List.of(PHONE), List.of())))
        .isEqualTo(suppressed(SuppressionReason.TOPIC));
    // A message without a topic, and a topic the user never chose on, follow push.
    assertThat(check(DeliverySettings.NONE, PROMO, user(noNews, List.of(PHONE), List.of())))
        .isInstanceOf(Verdict.Deliver.class);
    Message offers = new Message("o", "run-1", "sports", List.of(), false, false, null);
    assertThat(check(DeliverySettings.NONE, offers, user(noNews, List.of(PHONE), List.of())))
        .isInstanceOf(Verdict.Deliver.class);
  }

  @Test
  void aUserWithNowhereToSendIsCountedAsSuch() {
    assertThat(check(DeliverySettings.NONE, PROMO, user(Consent.NEVER_SET, List.of(), List.of())))
        .isEqualTo(suppressed(SuppressionReason.NO_DEVICE));
    assertThat(
            check(
                DeliverySettings.NONE,
                PROMO,
                user(Consent.NEVER_SET, List.of(OLD_TABLET), List.of())))
        .isEqualTo(suppressed(SuppressionReason.INVALID_DEVICE));
  }

  @Test
  void theFirstRuleThatStopsAMessageIsItsReason() {
    Recipient optedOutWithoutDevice =
        user(new Consent(false, Map.of(), NOW), List.of(), List.of(new Send("x", "y", NOW)));

    assertThat(check(DeliverySettings.NONE, PROMO, optedOutWithoutDevice))
        .isEqualTo(suppressed(SuppressionReason.CONSENT));
  }

  @Test
  void oneCopyPerUserPerRun() {
    Recipient sent =
        user(Consent.NEVER_SET, List.of(PHONE), List.of(new Send("spring-sale", "run-1", NOW)));
    Message nextRun = new Message("spring-sale", "run-2", null, List.of(), true, false, null);

    assertThat(check(DeliverySettings.NONE, PROMO, sent))
        .isEqualTo(suppressed(SuppressionReason.DUPLICATE));
    assertThat(check(DeliverySettings.NONE, nextRun, sent)).isInstanceOf(Verdict.Deliver.class);
  }

  @Test
  void theDeadlineIsTheLastMomentAMessageMayGo() {
    Message dueNow = new Message("c", "r", null, List.of(), false, false, NOW);
    Message duePast = new Message("c", "r", null, List.of(), false, false, NOW.minusMillis(1));

    assertThat(check(DeliverySettings.NONE, dueNow, reachable()))
        .isInstanceOf(Verdict.Deliver.class);
    assertThat(check(DeliverySettings.NONE, duePast, reachable()))
        .isEqualTo(suppressed(SuppressionReason.DEADLINE));
  }

  @Test
  void frequencyCapsCountARollingWindowAndStopAtTheLimit() {
    DeliverySettings threeADay =
        new DeliverySettings(
            List.of(
                new FrequencyCap(3, Duration.ofDays(1)), new FrequencyCap(5, Duration.ofDays(7))),
            null,
            List.of(),
            0,
            ZoneOffset.UTC);
    List<Send> two =
        List.of(
            new Send("a", "1", NOW.minusSeconds(60)), new Send("b", "1", NOW.minusSeconds(3600)));
    List<Send> threeOneJustOut = new ArrayList<>(two);
    threeOneJustOut.add(new Send("c", "1", NOW.minus(Duration.ofDays(1))));
    List<Send> threeAllIn = new ArrayList<>(two);
    threeAllIn.add(new Send("c", "1", NOW.minus(Duration.ofDays(1)).plusMillis(1)));
    List<Send> fiveThisWeek = new ArrayList<>(two);
    for (int d = 2; d <= 4; d++) {
      fiveThisWeek.add(new Send("w", "r" + d, NOW.minus(Duration.ofDays(d))));
    }

    assertThat(check(threeADay, PROMO, user(Consent.NEVER_SET, List.of(PHONE), two)))
        .isInstanceOf(Verdict.Deliver.class);
    // A message sent exactly a day ago has left the window.
    assertThat(check(threeADay, PROMO, user(Consent.NEVER_SET, List.of(PHONE), threeOneJustOut)))
        .isInstanceOf(Verdict.Deliver.class);
    assertThat(check(threeADay, PROMO, user(Consent.NEVER_SET, List.of(PHONE), threeAllIn)))
        .isEqualTo(suppressed(SuppressionReason.FREQUENCY_CAP));
    assertThat(check(threeADay, PROMO, user(Consent.NEVER_SET, List.of(PHONE), fiveThisWeek)))
        .isEqualTo(suppressed(SuppressionReason.FREQUENCY_CAP));
  }

  @Test
  void aTransactionalMessageIgnoresTheAppsCapsButNotItsCampaignsOwn() {
    DeliverySettings oneADay =
        new DeliverySettings(
            List.of(new FrequencyCap(1, Duration.ofDays(1))), null, List.of(), 0, ZoneOffset.UTC);
    Message receipt =
        new Message(
            "receipts",
            "r-9",
            null,
            List.of(new FrequencyCap(2, Duration.ofHours(1))),
            true,
            false,
            null);
    Recipient hadPromo =
        user(
            Consent.NEVER_SET,
            List.of(PHONE),
            List.of(new Send("promo", "1", NOW.minusSeconds(5))));
    Recipient hadTwoReceipts =
        user(
            Consent.NEVER_SET,
            List.of(PHONE),
            List.of(
                new Send("receipts", "r-7", NOW.minusSeconds(50)),
                new Send("receipts", "r-8", NOW.minusSeconds(40))));

    assertThat(check(oneADay, PROMO, hadPromo))
        .isEqualTo(suppressed(SuppressionReason.FREQUENCY_CAP));
    assertThat(check(oneADay, receipt, hadPromo)).isInstanceOf(Verdict.Deliver.class);
    assertThat(check(oneADay, receipt, hadTwoReceipts))
        .isEqualTo(suppressed(SuppressionReason.FREQUENCY_CAP));
  }

  @Test
  void aCooldownHoldsForItsWholeDurationAfterTheEvent() {
    DeliverySettings afterPurchase =
        new DeliverySettings(
            List.of(),
            null,
            List.of(new Cooldown("Order Completed", Duration.ofDays(1))),
            0,
            ZoneOffset.UTC);
    Recipient boughtJustUnderADayAgo =
        new Recipient(
            "lea",
            Consent.NEVER_SET,
            List.of(PHONE),
            null,
            List.of(),
            name ->
                name.equals("Order Completed")
                    ? NOW.minus(Duration.ofDays(1)).plusMillis(1)
                    : null);
    Recipient boughtADayAgo =
        new Recipient(
            "lea",
            Consent.NEVER_SET,
            List.of(PHONE),
            null,
            List.of(),
            name -> name.equals("Order Completed") ? NOW.minus(Duration.ofDays(1)) : null);

    assertThat(check(afterPurchase, PROMO, boughtJustUnderADayAgo))
        .isEqualTo(suppressed(SuppressionReason.COOLDOWN));
    assertThat(check(afterPurchase, PROMO, boughtADayAgo)).isInstanceOf(Verdict.Deliver.class);
  }

  @Test
  void quietHoursAcrossMidnightDeferToTheirEndInTheUsersZoneOrDrop() {
    for (String zoneName : List.of("Europe/Berlin", "America/New_York")) {
      ZoneId zone = ZoneId.of(zoneName);
      DeliverySettings nights = quiet("22:00", "08:00", ZoneOffset.UTC);
      Instant evening = at("2026-11-20T21:59:59", zone);
      Instant ten = at("2026-11-20T22:00:00", zone);
      Instant early = at("2026-11-21T07:59:59", zone);
      Instant eight = at("2026-11-21T08:00:00", zone);

      assertThat(rules(nights).check(PROMO, in(zone), evening)).isInstanceOf(Verdict.Deliver.class);
      assertThat(rules(nights).check(PROMO, in(zone), ten)).isEqualTo(new Verdict.Defer(eight));
      assertThat(rules(nights).check(PROMO, in(zone), early)).isEqualTo(new Verdict.Defer(eight));
      assertThat(rules(nights).check(PROMO, in(zone), eight)).isInstanceOf(Verdict.Deliver.class);
      Message drop = new Message("c", "r", null, List.of(), false, true, null);
      assertThat(rules(nights).check(drop, in(zone), ten))
          .isEqualTo(suppressed(SuppressionReason.QUIET_HOURS));
      // A deferral past the deadline is a message too late.
      Message dueAtMidnight =
          new Message("c", "r", null, List.of(), false, false, at("2026-11-21T00:00:00", zone));
      assertThat(rules(nights).check(dueAtMidnight, in(zone), ten))
          .isEqualTo(suppressed(SuppressionReason.DEADLINE));
    }
  }

  @Test
  void aUserWithoutATimeZoneGetsTheAppsDefault() {
    ZoneId tokyo = ZoneId.of("Asia/Tokyo");
    DeliverySettings nights = quiet("22:00", "08:00", tokyo);
    Instant elevenInTokyo = at("2026-11-20T23:00:00", tokyo);

    assertThat(rules(nights).check(PROMO, reachable(), elevenInTokyo))
        .isEqualTo(new Verdict.Defer(at("2026-11-21T08:00:00", tokyo)));
    assertThat(rules(nights).check(PROMO, in(ZoneOffset.UTC), elevenInTokyo))
        .isInstanceOf(Verdict.Deliver.class);
  }

  @Test
  void quietHoursEndingInTheSkippedHourEndWhenTheClockJumps() {
    // Berlin, 29 March 2026: 02:00 CET becomes 03:00 CEST; New York, 8 March 2026: the same at
    // 02:00 EST.
    ZoneId berlin = ZoneId.of("Europe/Berlin");
    DeliverySettings untilHalfPastTwo = quiet("22:00", "02:30", ZoneOffset.UTC);
    assertThat(
            rules(untilHalfPastTwo).check(PROMO, in(berlin), Instant.parse("2026-03-29T00:30:00Z")))
        .isEqualTo(new Verdict.Defer(Instant.parse("2026-03-29T01:00:00Z")));
    assertThat(
            rules(untilHalfPastTwo).check(PROMO, in(berlin), Instant.parse("2026-03-29T01:00:00Z")))
        .isInstanceOf(Verdict.Deliver.class);

    ZoneId newYork = ZoneId.of("America/New_York");
    DeliverySettings fromHalfPastTwo = quiet("02:30", "06:00", ZoneOffset.UTC);
    // 01:59 EST: not yet; the clock then reads 03:00 EDT, past 02:30: quiet until 06:00 EDT.
    assertThat(
            rules(fromHalfPastTwo).check(PROMO, in(newYork), Instant.parse("2026-03-08T06:59:00Z")))
        .isInstanceOf(Verdict.Deliver.class);
    assertThat(
            rules(fromHalfPastTwo).check(PROMO, in(newYork), Instant.parse("2026-03-08T07:00:00Z")))
        .isEqualTo(new Verdict.Defer(Instant.parse("2026-03-08T10:00:00Z")));
  }

  @Test
  void quietHoursEndingInTheRepeatedHourEndAtItsFirstShowing() {
    // Berlin, 25 October 2026: 03:00 CEST becomes 02:00 CET, so 02:10 is shown twice.
    ZoneId berlin = ZoneId.of("Europe/Berlin");
    DeliverySettings untilHalfPastTwo = quiet("22:00", "02:30", ZoneOffset.UTC);

    assertThat(
            rules(untilHalfPastTwo).check(PROMO, in(berlin), Instant.parse("2026-10-25T00:10:00Z")))
        .isEqualTo(new Verdict.Defer(Instant.parse("2026-10-25T00:30:00Z")));
    assertThat(
            rules(untilHalfPastTwo).check(PROMO, in(berlin), Instant.parse("2026-10-25T01:10:00Z")))
        .isInstanceOf(Verdict.Deliver.class);
    // New York, 1 November 2026: 02:00 EDT becomes 01:00 EST; quiet 23:00-01:30 ends once.
    ZoneId newYork = ZoneId.of("America/New_York");
    DeliverySettings untilHalfPastOne = quiet("23:00", "01:30", ZoneOffset.UTC);
    assertThat(
            rules(untilHalfPastOne)
                .check(PROMO, in(newYork), Instant.parse("2026-11-01T05:20:00Z")))
        .isEqualTo(new Verdict.Defer(Instant.parse("2026-11-01T05:30:00Z")));
    assertThat(
            rules(untilHalfPastOne)
                .check(PROMO, in(newYork), Instant.parse("2026-11-01T06:20:00Z")))
        .isInstanceOf(Verdict.Deliver.class);
  }

  @Test
  void equalStartAndEndMeanNoQuietHours() {
    DeliverySettings none = quiet("22:00", "22:00", ZoneOffset.UTC);

    assertThat(rules(none).check(PROMO, reachable(), Instant.parse("2026-11-20T22:00:00Z")))
        .isInstanceOf(Verdict.Deliver.class);
  }

  private static DeliveryRules rules(DeliverySettings settings) {
    return new DeliveryRules(settings);
  }

  private static DeliverySettings quiet(String start, String end, ZoneId defaultZone) {
    return new DeliverySettings(
        List.of(),
        new QuietHours(LocalTime.parse(start), LocalTime.parse(end)),
        List.of(),
        0,
        defaultZone);
  }

  private static Recipient in(ZoneId zone) {
    return new Recipient("lea", Consent.NEVER_SET, List.of(PHONE), zone, List.of(), name -> null);
  }

  private static Instant at(String localDateTime, ZoneId zone) {
    return java.time.LocalDateTime.parse(localDateTime).atZone(zone).toInstant();
  }
}
