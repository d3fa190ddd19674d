package dev.openpush.domain.engagement;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * The chance that a push sent to a user in each hour of their week is opened, and their best hours.
 *
 * <p>Opened pushes are counted against the pushes sent in the same hour, never on their own:
 * marketers send at a few hours, so the hour with the most opens is mostly the hour with the most
 * sends. Per hour the estimate is a Beta-Binomial posterior mean, {@code (opens + k m) / (sends +
 * k)}, whose prior mean {@code m} is the cohort's open rate that hour (or the population's), raised
 * or lowered by how active the user is then of their own accord (app opens, which are not biased by
 * send times): the cohort's odds times {@code (relative activity)^lambda}. Recent events weigh more
 * (half-life); each hour borrows from its neighbours, since routines are not exact to the hour, and
 * from the same hour on the other days of its kind (weekdays, weekend), since they repeat. {@code
 * k} and {@code lambda} are learned by training; so are the cohort and population rates.
 *
 * <p>Exploration: {@link #explore} orders hours by a draw from each hour's posterior (Thompson
 * sampling) instead of its mean, so that uncertain hours are tried now and then and windows do not
 * lock in on the hours that were tried first.
 */
public final class EngagementModel {
  /** What training learns; what the model artifact holds. */
  public record Parameters(
      String version,
      double[] populationRates,
      Map<String, double[]> cohortRates,
      double activityWeight,
      double priorStrength,
      double dayPooling,
      Duration halfLife) {
    public Parameters {
      if (populationRates.length != HourOfWeek.HOURS) {
        throw new IllegalArgumentException("population rates need 168 hours");
      }
      cohortRates = Map.copyOf(cohortRates);
    }
  }

  /** What the built-in estimate assumes with no training: every hour alike, activity decides. */
  public static final Parameters BUILT_IN =
      new Parameters(null, flat(0.05), Map.of(), 1.0, 5.0, 0.7, Duration.ofDays(28));

  private static final double[] KERNEL = {0.25, 0.5, 0.25};

  private final Parameters parameters;

  public EngagementModel(Parameters parameters) {
    this.parameters = parameters;
  }

  public Parameters parameters() {
    return parameters;
  }

  /** Per hour of the week, the posterior mean chance that a push then is opened. */
  public double[] scores(EngagementHistory history, Instant now) {
    Posterior posterior = posterior(history, now);
    double[] mean = new double[HourOfWeek.HOURS];
    for (int h = 0; h < HourOfWeek.HOURS; h++) {
      mean[h] = posterior.alpha[h] / (posterior.alpha[h] + posterior.beta[h]);
    }
    return mean;
  }

  /** The {@code top} best hours by their posterior mean, best first. */
  public List<EngagementWindow.BestHour> best(EngagementHistory history, Instant now, int top) {
    double[] mean = scores(history, now);
    return top(mean, mean, top);
  }

  /**
   * The {@code top} hours by one draw from each hour's posterior (among the twelve, or {@code 2 x
   * top}, best by mean: plausible hours only), each with its posterior mean as the score:
   * exploration that fades as a user's history grows.
   */
  public List<EngagementWindow.BestHour> explore(
      EngagementHistory history, Instant now, int top, Random random) {
    Posterior posterior = posterior(history, now);
    double[] mean = new double[HourOfWeek.HOURS];
    for (int h = 0; h < HourOfWeek.HOURS; h++) {
      mean[h] = posterior.alpha[h] / (posterior.alpha[h] + posterior.beta[h]);
    }
    double[] draw = new double[HourOfWeek.HOURS];
    java.util.Arrays.fill(draw, -1);
    for (EngagementWindow.BestHour candidate : top(mean, mean, Math.max(12, 2 * top))) {
      int h = candidate.hourOfWeek();
      draw[h] = BetaDraw.sample(posterior.alpha[h], posterior.beta[h], random);
    }
    return top(draw, mean, top);
  }

  private record Posterior(double[] alpha, double[] beta) {}

  private Posterior posterior(EngagementHistory history, Instant now) {
    double[] sends = new double[HourOfWeek.HOURS];
    double[] opens = new double[HourOfWeek.HOURS];
    double[] activity = new double[HourOfWeek.HOURS];
    for (EngagementHistory.Push push : history.pushes()) {
      int h = HourOfWeek.of(push.at(), history.zone());
      double w = weight(push.at(), now);
      sends[h] += w;
      opens[h] += push.opened() ? w : 0;
    }
    for (Instant open : history.appOpens()) {
      activity[HourOfWeek.of(open, history.zone())] += weight(open, now);
    }
    double pooling = parameters.dayPooling();
    sends = pool(smooth(sends), pooling);
    opens = pool(smooth(opens), pooling);
    activity = pool(smooth(activity), pooling);
    double totalActivity = 0;
    for (double a : activity) {
      totalActivity += a;
    }
    double[] rates =
        parameters
            .cohortRates()
            .getOrDefault(
                history.cohort() == null ? "" : history.cohort(), parameters.populationRates());
    double k = parameters.priorStrength();
    double[] alpha = new double[HourOfWeek.HOURS];
    double[] beta = new double[HourOfWeek.HOURS];
    // Activity shares against an even spread, with a pseudo-count of one event per day so that
    // a user with few app opens keeps close to the cohort.
    double pseudo = 7.0 / HourOfWeek.HOURS;
    for (int h = 0; h < HourOfWeek.HOURS; h++) {
      double relative = (activity[h] + pseudo) / ((totalActivity + 7.0) / HourOfWeek.HOURS);
      // The cohort's odds scaled by the user's relative activity: stays within (0, 1).
      double lift = Math.pow(relative, parameters.activityWeight());
      double prior = rates[h] * lift / (1 - rates[h] + rates[h] * lift);
      prior = Math.min(0.999, Math.max(1e-4, prior));
      double o = Math.min(opens[h], sends[h]);
      alpha[h] = o + k * prior;
      beta[h] = (sends[h] - o) + k * (1 - prior);
    }
    return new Posterior(alpha, beta);
  }

  private double weight(Instant at, Instant now) {
    double ageDays = Math.max(0, Duration.between(at, now).toSeconds() / 86_400.0);
    return Math.pow(0.5, ageDays / (parameters.halfLife().toSeconds() / 86_400.0));
  }

  /** Each hour shares with its neighbours (circularly over the week). */
  public static double[] smooth(double[] x) {
    double[] out = new double[x.length];
    for (int h = 0; h < x.length; h++) {
      for (int d = -1; d <= 1; d++) {
        out[h] += KERNEL[d + 1] * x[Math.floorMod(h + d, x.length)];
      }
    }
    return out;
  }

  /**
   * Routines repeat from day to day: each hour takes {@code share} of its value from the same hour
   * on the other days of its kind (weekdays, or the weekend), so that a Tuesday evening teaches
   * about Wednesday's. The week's total is kept.
   */
  public static double[] pool(double[] x, double share) {
    if (share == 0) {
      return x;
    }
    double[] out = new double[x.length];
    for (int h = 0; h < x.length; h++) {
      int hour = h % 24;
      boolean weekend = h / 24 >= 5;
      double sum = 0;
      int days = weekend ? 2 : 5;
      for (int d = weekend ? 5 : 0; d < (weekend ? 7 : 5); d++) {
        sum += x[d * 24 + hour];
      }
      out[h] = (1 - share) * x[h] + share * sum / days;
    }
    return out;
  }

  private static List<EngagementWindow.BestHour> top(double[] order, double[] score, int top) {
    List<Integer> hours = new ArrayList<>();
    for (int h = 0; h < HourOfWeek.HOURS; h++) {
      hours.add(h);
    }
    hours.sort(Comparator.comparingDouble((Integer h) -> -order[h]).thenComparing(h -> h));
    List<EngagementWindow.BestHour> best = new ArrayList<>();
    for (int h : hours.subList(0, Math.min(top, hours.size()))) {
      best.add(new EngagementWindow.BestHour(h, score[h]));
    }
    return best;
  }

  static double[] flat(double rate) {
    double[] rates = new double[HourOfWeek.HOURS];
    java.util.Arrays.fill(rates, rate);
    return rates;
  }
}
