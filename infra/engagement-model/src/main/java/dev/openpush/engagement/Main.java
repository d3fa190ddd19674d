package dev.openpush.engagement;

import dev.openpush.domain.engagement.EngagementModel;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * {@code train <model dir>}: simulates users, trains, writes {@code model.json} and prints how the
 * model compares with the simple rules on users it did not see. {@code serve}: SageMaker's entry
 * point, the model from {@code SM_MODEL_DIR} (default {@code /opt/ml/model}) on port {@code
 * SAGEMAKER_BIND_TO_PORT} (default 8080).
 */
public final class Main {
  /** The simulated histories end here: ten weeks back spans the autumn DST changes. */
  static final Instant END = Instant.parse("2026-11-23T00:00:00Z");

  private Main() {}

  public static void main(String[] args) throws Exception {
    String command = args.length == 0 ? "serve" : args[0];
    switch (command) {
      case "train" -> train(Path.of(args.length > 1 ? args[1] : "target/model"));
      case "serve" -> serve();
      default -> {
        System.err.println("usage: train <model dir> | serve");
        System.exit(2);
      }
    }
  }

  static EngagementModel.Parameters train(Path directory) throws Exception {
    int users = Integer.getInteger("train.users", 3_000);
    List<Simulator.User> training = new Simulator(1).users(users, 10, END);
    Trainer.Result result =
        new Trainer()
            .train(
                training.stream().map(Simulator.User::history).toList(),
                END,
                "sim-" + END.toString().substring(0, 10));
    ModelArtifact.write(result.parameters(), directory);
    EngagementModel.Parameters p = result.parameters();
    System.out.printf(
        "trained on %,d simulated users: activity weight %.1f, prior strength %.0f, day pooling %.1f; written to %s%n",
        users,
        p.activityWeight(),
        p.priorStrength(),
        p.dayPooling(),
        directory.resolve(ModelArtifact.FILE));
    List<Simulator.User> test =
        new Simulator(2).users(Integer.getInteger("test.users", 2_000), 10, END);
    Map<String, Evaluation.Figure> figures = Evaluation.compare(new EngagementModel(p), test, END);
    System.out.printf(
        "mean true open rate at the chosen hour, %,d users not seen in training:%n", test.size());
    figures.forEach(
        (method, f) ->
            System.out.printf(
                "  %-38s %.4f (± %.4f); the model's gain over it %+.4f (± %.4f), %+.1f %%%n",
                method,
                f.mean(),
                2 * f.standardError(),
                f.gain(),
                2 * f.gainError(),
                100 * f.gain() / f.mean()));
    return p;
  }

  private static void serve() throws Exception {
    Path directory = Path.of(env("SM_MODEL_DIR", "/opt/ml/model"));
    EngagementModel model = new EngagementModel(ModelArtifact.read(directory));
    InferenceServer server =
        new InferenceServer(model, Integer.parseInt(env("SAGEMAKER_BIND_TO_PORT", "8080")));
    System.out.println("serving model " + model.parameters().version() + " on " + server.port());
  }

  private static String env(String name, String fallback) {
    String value = System.getenv(name);
    return value == null || value.isBlank() ? fallback : value;
  }
}
