package dev.openpush.engagement;

import static org.assertj.core.api.Assertions.assertThat;

import dev.openpush.domain.engagement.EngagementModel;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Trained on simulated users with known patterns, the model picks better hours for users it has not
 * seen than the simple rules do: the user's most engaged hour (biased towards the hours pushes were
 * sent) and the population's best hour. Smaller than {@code Main train}; same method.
 */
class TrainingTest {
  @Test
  void theTrainedModelBeatsTheSimpleRulesOnUnseenUsersAndSurvivesItsArtifact(@TempDir Path dir)
      throws Exception {
    List<Simulator.User> training = new Simulator(11).users(800, 10, Main.END);
    Trainer.Result result =
        new Trainer()
            .train(training.stream().map(Simulator.User::history).toList(), Main.END, "test");
    ModelArtifact.write(result.parameters(), dir);
    EngagementModel model = new EngagementModel(ModelArtifact.read(dir));
    assertThat(model.parameters().cohortRates()).containsOnlyKeys("ios", "android");

    Map<String, Evaluation.Figure> figures =
        Evaluation.compare(model, new Simulator(12).users(800, 10, Main.END), Main.END);

    Evaluation.Figure engaged = figures.get("most engaged hour (opens + taps)");
    Evaluation.Figure population = figures.get("population's best hour");
    // Paired over the same users: the gain is more than twice its standard error.
    assertThat(engaged.gain()).isGreaterThan(2 * engaged.gainError());
    assertThat(population.gain()).isGreaterThan(2 * population.gainError());
    assertThat(figures.get("model (best hour)").mean())
        .isLessThanOrEqualTo(figures.get("oracle (the true best hour)").mean());
  }

  @Test
  void theRulesThatCountOpensLeanTowardsSendTimesAndTheModelDoesNot() {
    // Where pushes were sent is where taps are; the true best hour is elsewhere for most users.
    List<Simulator.User> users = new Simulator(13).users(400, 10, Main.END);
    long engagedAtSendHour =
        users.stream()
            .filter(u -> isCampaignHour(u, Evaluation.mostEngagedHour(u.history())))
            .count();
    EngagementModel model = new EngagementModel(EngagementModel.BUILT_IN);
    long modelAtSendHour =
        users.stream()
            .filter(u -> isCampaignHour(u, Evaluation.argmax(model.scores(u.history(), Main.END))))
            .count();
    long trulyAtSendHour =
        users.stream().filter(u -> isCampaignHour(u, Evaluation.argmax(u.trueOpenRate()))).count();
    assertThat(modelAtSendHour).isLessThan(engagedAtSendHour);
    assertThat(Math.abs(modelAtSendHour - trulyAtSendHour))
        .isLessThan(Math.abs(engagedAtSendHour - trulyAtSendHour));
  }

  private static boolean isCampaignHour(Simulator.User user, int hourOfWeek) {
    for (int utc : Simulator.CAMPAIGN_HOURS_UTC) {
      for (int day = 0; day < 7; day++) {
        var at =
            java.time.Instant.parse("2026-11-16T00:00:00Z")
                .plusSeconds(day * 86_400L + utc * 3_600L);
        if (dev.openpush.domain.engagement.HourOfWeek.of(at, user.history().zone()) == hourOfWeek) {
          return true;
        }
      }
    }
    return false;
  }
}
