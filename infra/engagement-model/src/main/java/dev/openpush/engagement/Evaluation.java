package dev.openpush.engagement;

import dev.openpush.domain.engagement.EngagementHistory;
import dev.openpush.domain.engagement.EngagementModel;
import dev.openpush.domain.engagement.HourOfWeek;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToIntFunction;

/**
 * How good each way of choosing a user's send hour is, scored against the simulated truth: the mean
 * true chance that a push at the chosen hour is opened, over users not seen in training.
 */
public final class Evaluation {
  /**
   * A method's mean open rate over users and its standard error; and the model's mean gain over the
   * method, user by user (paired), with its standard error.
   */
  public record Figure(double mean, double standardError, double gain, double gainError) {}

  private Evaluation() {}

  public static Map<String, Figure> compare(
      EngagementModel model, List<Simulator.User> users, Instant now) {
    double[] population = model.parameters().populationRates();
    int populationBest = argmax(population);
    Map<String, ToIntFunction<Simulator.User>> methods = new LinkedHashMap<>();
    methods.put("model (best hour)", u -> argmax(model.scores(u.history(), now)));
    methods.put("most engaged hour (opens + taps)", u -> mostEngagedHour(u.history()));
    methods.put("population's best hour", u -> populationBest);
    methods.put(
        "the campaign's own time (17:00 UTC)",
        u -> HourOfWeek.of(Instant.parse("2026-11-23T17:00:00Z"), u.history().zone()));
    methods.put("oracle (the true best hour)", u -> argmax(u.trueOpenRate()));
    Map<String, Figure> figures = new LinkedHashMap<>();
    ToIntFunction<Simulator.User> ours = methods.get("model (best hour)");
    double[] modelRates = users.stream().mapToDouble(u -> u.openRate(ours.applyAsInt(u))).toArray();
    methods.forEach(
        (name, method) -> {
          double[] rates =
              users.stream().mapToDouble(u -> u.openRate(method.applyAsInt(u))).toArray();
          double[] gains = new double[rates.length];
          for (int i = 0; i < rates.length; i++) {
            gains[i] = modelRates[i] - rates[i];
          }
          figures.put(name, new Figure(mean(rates), error(rates), mean(gains), error(gains)));
        });
    return figures;
  }

  private static double mean(double[] x) {
    double sum = 0;
    for (double v : x) {
      sum += v;
    }
    return sum / x.length;
  }

  private static double error(double[] x) {
    double m = mean(x);
    double squares = 0;
    for (double v : x) {
      squares += (v - m) * (v - m);
    }
    return Math.sqrt(squares / (x.length - 1) / x.length);
  }

  /**
   * The user's most engaged hour as the simple rule reads it: the hour of the week with the most
   * app opens and push taps. Taps happen where pushes were sent, so it leans to send times.
   */
  static int mostEngagedHour(EngagementHistory history) {
    double[] count = new double[HourOfWeek.HOURS];
    history.appOpens().forEach(a -> count[HourOfWeek.of(a, history.zone())]++);
    history.pushes().stream()
        .filter(EngagementHistory.Push::opened)
        .forEach(p -> count[HourOfWeek.of(p.at(), history.zone())]++);
    return argmax(count);
  }

  static int argmax(double[] values) {
    int best = 0;
    for (int h = 1; h < values.length; h++) {
      if (values[h] > values[best]) {
        best = h;
      }
    }
    return best;
  }
}
