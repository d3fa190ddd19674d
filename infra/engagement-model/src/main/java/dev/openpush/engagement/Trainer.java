package dev.openpush.engagement;

import dev.openpush.domain.engagement.EngagementHistory;
import dev.openpush.domain.engagement.EngagementModel;
import dev.openpush.domain.engagement.HourOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Learns the model's parameters from users' histories: the population's and each cohort's open rate
 * per hour of the week (opens over sends, so that the hours marketers favour are not mistaken for
 * good hours; each rate shrunk towards the broader one where it has few sends), then the prior
 * strength and the weight of a user's own activity, by the log-likelihood of each user's last two
 * weeks of pushes predicted from the weeks before.
 */
public final class Trainer {
  static final double[] ACTIVITY_WEIGHTS = {0.0, 0.5, 1.0, 1.5, 2.0};
  static final double[] PRIOR_STRENGTHS = {2, 5, 10, 20, 40};
  static final double[] DAY_POOLING = {0.0, 0.5, 0.8};
  static final Duration HALF_LIFE = Duration.ofDays(28);
  private static final Duration VALIDATION = Duration.ofDays(14);

  /** What training chose, and how well each candidate predicted the held-out weeks. */
  public record Result(EngagementModel.Parameters parameters, double logLikelihood) {}

  public Result train(List<EngagementHistory> users, Instant end, String version) {
    double[] population = rates(users, null, 50, null);
    Map<String, double[]> cohorts = new HashMap<>();
    for (EngagementHistory user : users) {
      cohorts.computeIfAbsent(user.cohort(), c -> rates(users, c, 100, population));
    }
    Instant cut = end.minus(VALIDATION);
    Result best = null;
    for (double weight : ACTIVITY_WEIGHTS) {
      for (double strength : PRIOR_STRENGTHS) {
        for (double pooling : DAY_POOLING) {
          EngagementModel.Parameters candidate =
              new EngagementModel.Parameters(
                  version, population, cohorts, weight, strength, pooling, HALF_LIFE);
          double score = heldOutLogLikelihood(new EngagementModel(candidate), users, cut);
          if (best == null || score > best.logLikelihood()) {
            best = new Result(candidate, score);
          }
        }
      }
    }
    return best;
  }

  /** Opens over sends per hour of the week, smoothed, shrunk towards {@code towards}. */
  private static double[] rates(
      List<EngagementHistory> users, String cohort, double shrink, double[] towards) {
    double[] sends = new double[HourOfWeek.HOURS];
    double[] opens = new double[HourOfWeek.HOURS];
    for (EngagementHistory user : users) {
      if (cohort != null && !cohort.equals(user.cohort())) {
        continue;
      }
      for (EngagementHistory.Push push : user.pushes()) {
        int h = HourOfWeek.of(push.at(), user.zone());
        sends[h]++;
        opens[h] += push.opened() ? 1 : 0;
      }
    }
    double totalSends = 0;
    double totalOpens = 0;
    for (int h = 0; h < HourOfWeek.HOURS; h++) {
      totalSends += sends[h];
      totalOpens += opens[h];
    }
    double overall = totalSends == 0 ? 0.05 : totalOpens / totalSends;
    double[] s = EngagementModel.smooth(sends);
    double[] o = EngagementModel.smooth(opens);
    double[] rates = new double[HourOfWeek.HOURS];
    for (int h = 0; h < HourOfWeek.HOURS; h++) {
      double prior = towards == null ? overall : towards[h];
      rates[h] = (o[h] + shrink * prior) / (s[h] + shrink);
    }
    return rates;
  }

  /** Each user's pushes after {@code cut}, predicted from what came before it. */
  static double heldOutLogLikelihood(
      EngagementModel model, List<EngagementHistory> users, Instant cut) {
    double sum = 0;
    for (EngagementHistory user : users) {
      EngagementHistory before =
          new EngagementHistory(
              user.userId(),
              user.zone(),
              user.cohort(),
              user.pushes().stream().filter(p -> p.at().isBefore(cut)).toList(),
              user.appOpens().stream().filter(a -> a.isBefore(cut)).toList());
      double[] p = model.scores(before, cut);
      for (EngagementHistory.Push push : user.pushes()) {
        if (!push.at().isBefore(cut)) {
          double q = Math.min(1 - 1e-6, Math.max(1e-6, p[HourOfWeek.of(push.at(), user.zone())]));
          sum += push.opened() ? Math.log(q) : Math.log(1 - q);
        }
      }
    }
    return sum;
  }
}
