package dev.openpush.domain.engagement;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class EngagementModelTest {
  private static final ZoneId PARIS = ZoneId.of("Europe/Paris");
  private static final Instant NOW = Instant.parse("2026-11-23T00:00:00Z"); // a Monday

  /** An instant {@code weeksBack} weeks before NOW, on Tuesday at {@code hour}:15 in Paris. */
  private static Instant tuesday(int weeksBack, int hour) {
    return ZonedDateTime.of(2026, 11, 17, hour, 15, 0, 0, PARIS).minusWeeks(weeksBack).toInstant();
  }

  private static int tuesdayHour(int hour) {
    return 24 + hour;
  }

  @Test
  void hoursOfTheWeekAreReadOnTheUsersOwnClockAcrossDaylightSaving() {
    assertThat(HourOfWeek.of(Instant.parse("2026-11-23T00:30:00+01:00"), PARIS)).isZero();
    assertThat(HourOfWeek.of(Instant.parse("2026-11-29T23:30:00+01:00"), PARIS)).isEqualTo(167);
    // 9:00 on a Tuesday in Paris, in summer (UTC+2) and in winter (UTC+1): the same hour.
    assertThat(HourOfWeek.of(Instant.parse("2026-10-20T07:00:00Z"), PARIS)).isEqualTo(33);
    assertThat(HourOfWeek.of(Instant.parse("2026-10-27T08:00:00Z"), PARIS)).isEqualTo(33);
    // The next Tuesday 9:00 after Monday noon; within the hour itself, now.
    assertThat(HourOfWeek.next(33, Instant.parse("2026-11-23T12:00:00Z"), PARIS))
        .isEqualTo("2026-11-24T08:00:00Z");
    assertThat(HourOfWeek.next(33, Instant.parse("2026-11-24T08:20:00Z"), PARIS))
        .isEqualTo("2026-11-24T08:20:00Z");
  }

  @Test
  void opensAreWeighedAgainstTheSendsOfTheirHourNotCountedAlone() {
    // Marketers sent at 10:00 thirty times (3 opened); five pushes went at 20:00 (2 opened).
    // The hour with the most opens is 10:00; the hour where a push is most likely opened is 20:00.
    List<EngagementHistory.Push> pushes = new ArrayList<>();
    for (int w = 0; w < 30; w++) {
      pushes.add(new EngagementHistory.Push(tuesday(w % 8, 10).plusSeconds(w), w < 3));
    }
    for (int w = 0; w < 5; w++) {
      pushes.add(new EngagementHistory.Push(tuesday(w, 20), w < 2));
    }
    EngagementHistory history = new EngagementHistory("ana", PARIS, "ios", pushes, List.of());

    EngagementModel model = new EngagementModel(EngagementModel.BUILT_IN);
    List<EngagementWindow.BestHour> best = model.best(history, NOW, 3);

    assertThat(best.getFirst().hourOfWeek()).isEqualTo(tuesdayHour(20));
    double[] scores = model.scores(history, NOW);
    assertThat(scores[tuesdayHour(20)]).isGreaterThan(scores[tuesdayHour(10)]);
  }

  @Test
  void aUserWithLittleHistoryFollowsTheirOwnActivityThenTheCohort() {
    double[] rates = EngagementModel.flat(0.05);
    rates[100] = 0.2; // the cohort's best hour: Friday 04:00
    EngagementModel model =
        new EngagementModel(
            new EngagementModel.Parameters(
                "v1",
                EngagementModel.flat(0.05),
                java.util.Map.of("ios", rates),
                1.0,
                5.0,
                0.0,
                java.time.Duration.ofDays(28)));

    EngagementHistory nothing = new EngagementHistory("new", PARIS, "ios", List.of(), List.of());
    assertThat(model.best(nothing, NOW, 1).getFirst().hourOfWeek()).isEqualTo(100);

    List<Instant> opens = new ArrayList<>();
    for (int w = 0; w < 8; w++) {
      opens.add(tuesday(w, 21));
      opens.add(tuesday(w, 21).plusSeconds(600));
    }
    EngagementHistory evenings = new EngagementHistory("bea", PARIS, "ios", List.of(), opens);
    assertThat(model.best(evenings, NOW, 1).getFirst().hourOfWeek()).isEqualTo(tuesdayHour(21));
  }

  @Test
  void explorationTriesOtherHoursWhileHistoryIsThinAndSettlesAsItGrows() {
    EngagementModel model = new EngagementModel(EngagementModel.BUILT_IN);
    EngagementHistory thin = new EngagementHistory("new", PARIS, "", List.of(), List.of());
    List<EngagementHistory.Push> many = new ArrayList<>();
    for (int w = 0; w < 8; w++) {
      for (int i = 0; i < 6; i++) {
        many.add(new EngagementHistory.Push(tuesday(w, 20).plusSeconds(i), i < 4));
        many.add(new EngagementHistory.Push(tuesday(w, 9).plusSeconds(i), false));
      }
    }
    EngagementHistory rich = new EngagementHistory("old", PARIS, "", many, List.of());

    Set<Integer> thinFirsts = new HashSet<>();
    int richAtPeak = 0;
    Random random = new Random(3);
    for (int i = 0; i < 100; i++) {
      thinFirsts.add(model.explore(thin, NOW, 1, random).getFirst().hourOfWeek());
      int first = model.explore(rich, NOW, 1, random).getFirst().hourOfWeek();
      richAtPeak += first % 24 >= 19 && first % 24 <= 21 ? 1 : 0;
    }
    // Nothing known: the first hour wanders among the plausible ones. Known evenings: an evening,
    // on one weekday or another.
    assertThat(thinFirsts.size()).isGreaterThan(5);
    assertThat(richAtPeak).isGreaterThanOrEqualTo(90);
    assertThat(model.best(rich, NOW, 1).getFirst().hourOfWeek()).isEqualTo(tuesdayHour(20));
  }
}
