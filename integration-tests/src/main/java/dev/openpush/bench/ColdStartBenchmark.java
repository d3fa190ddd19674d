package dev.openpush.bench;

import dev.openpush.local.Emulators;
import dev.openpush.local.LocalClients;
import dev.openpush.local.Repo;
import dev.openpush.local.TemplateResources;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * Cold starts as AWS's managed java21 runtime makes them: each function of template.yaml is its
 * unpacked {@code function.zip} run by the Runtime Interface Client (2.10.1, from Maven Central)
 * with the runtime's JVM flags, against a stand-in for the Lambda Runtime API that hands it the
 * function's sample event twice, with the emulators behind. Per function, the median over runs of:
 * JVM start to the first response, the first call (event taken to response) and the second, and the
 * zip's size, one line each in the form {@code coldstart function=api cpus=2 first_response_ms=...
 * first_call_ms=... second_call_ms=... zip_bytes=...}.
 *
 * <p>Then, per function and CPU share, the median CPU time the JVM used (every thread, the JIT's
 * too) up to the second answer, as {@code cpu function=api cpus=2 process_cpu_ms=...}: wall times
 * on a shared two-core machine move by 10-15 % between runs, CPU time by less, so A/B comparisons
 * read it beside the wall figures.
 *
 * <p>A benchmark, not a test: {@code bin/bench coldstart} ({@code -Dbench.runs=5}; {@code
 * -Dbench.function=api} for one function; {@code -Dbench.wholeMachineOnly=true} to skip the 0.58
 * CPU share; {@code -Dbench.java.options=...} adds JVM options, e.g. a profiler agent).
 */
public final class ColdStartBenchmark {
  /** A function of the template: its package, the handler it picks, its sample event. */
  private record Function(
      String name, String logicalId, String module, String handler, String event) {}

  private static final List<Function> FUNCTIONS =
      List.of(
          new Function("api", "ApiFunction", "api", null, "events/api/create-segment.json"),
          new Function("ingest", "IngestFunction", "ingest", null, "events/kinesis/batch.json"),
          new Function("sweep", "SweepFunction", "sweep", null, "events/schedule/sweep.json"),
          new Function(
              "memberships",
              "MembershipsFunction",
              "memberships",
              null,
              "events/dynamodb/profile-written.json"),
          new Function("sender", "SenderFunction", "sender", "sender", "events/sqs/send-task.json"),
          new Function(
              "campaignEvents",
              "CampaignEventsFunction",
              "sender",
              "campaignEvents",
              "events/kinesis/campaign-events.json"),
          new Function(
              "segmentEntries",
              "SegmentEntriesFunction",
              "sender",
              "segmentEntries",
              "events/dynamodb/member-entered.json"),
          new Function(
              "campaignClock",
              "CampaignClockFunction",
              "sender",
              "campaignClock",
              "events/schedule/campaign-clock.json"),
          new Function(
              "engagementScoring",
              "EngagementScoringFunction",
              "sender",
              "engagementScoring",
              "events/schedule/engagement-scoring.json"));

  /** The managed runtime's JVM options (JAVA_TOOL_OPTIONS aside). */
  private static final List<String> RUNTIME_FLAGS =
      List.of(
          "-XX:+TieredCompilation",
          "-XX:TieredStopAtLevel=1",
          "-XX:+UseSerialGC",
          "-Xshare:auto",
          // The heap a 1,024 MB function gets (85 % of its memory), not this machine's default.
          "-XX:MaxHeapSize=870m",
          // The memory its microVM has, which the JVM sizes the rest from (the first heap is 1/64
          // of it, 16 MB, where this machine's 24 GB would give 384 MB and hide the GCs of init).
          "-XX:MaxRAM=1024m");

  private ColdStartBenchmark() {}

  public static void main(String[] args) throws Exception {
    int runs = Integer.getInteger("bench.runs", 5);
    String only = System.getProperty("bench.function");
    Path root = Repo.root();
    Emulators emulators = Emulators.shared();
    LocalClients clients = LocalClients.of(emulators);
    TemplateResources template = TemplateResources.read(root.resolve("template.yaml"));
    Map<String, String> names =
        template.create(clients, "cold" + UUID.randomUUID().toString().substring(0, 6) + "-");
    String runtimeClient = runtimeClientClasspath();
    List<CpuShare> shares = new ArrayList<>(List.of(CpuShare.whole()));
    if (!Boolean.getBoolean("bench.wholeMachineOnly")) { // quicker A/B runs of one change
      CpuShare.lambda1024()
          .ifPresentOrElse(
              shares::add,
              () ->
                  System.out.println("# cpus=0.58 not measured: " + CpuShare.unavailableReason()));
    }
    Map<String, Path> unpacked = new HashMap<>();
    for (Function f : FUNCTIONS) {
      if (only != null && !only.equals(f.name())) {
        continue;
      }
      Path zip = root.resolve("functions/" + f.module() + "/target/function.zip");
      Path dir = unpacked.computeIfAbsent(f.module(), m -> unzip(zip));
      String event = Files.readString(root.resolve(f.event()));
      Map<String, String> env = environment(f, template, names, emulators);
      double firstToSecond = 0;
      for (CpuShare share : shares) {
        long[] first = new long[runs];
        long[] firstCall = new long[runs];
        long[] secondCall = new long[runs];
        long[] cpu = new long[runs];
        for (int r = 0; r < runs; r++) {
          Timings t = run(f, dir, runtimeClient, event, env, share, null);
          first[r] = t.firstResponseMs();
          firstCall[r] = t.firstCallMs();
          secondCall[r] = t.secondCallMs();
          cpu[r] = t.cpuMs();
        }
        if (share.label().equals(CpuShare.whole().label())) {
          firstToSecond = (double) median(firstCall) / Math.max(1, median(secondCall));
        }
        System.out.printf(
            "coldstart function=%s cpus=%s first_response_ms=%d first_call_ms=%d"
                + " second_call_ms=%d zip_bytes=%d%n",
            f.name(),
            share.label(),
            median(first),
            median(firstCall),
            median(secondCall),
            Files.size(zip));
        System.out.printf(
            "cpu function=%s cpus=%s process_cpu_ms=%d%n", f.name(), share.label(), median(cpu));
      }
      // One more run, not timed, with the JVM logging each class it loads.
      Path log = Files.createTempFile("classes-", ".log");
      Timings t = run(f, dir, runtimeClient, event, env, CpuShare.whole(), log);
      ClassCounts counts = ClassCounts.of(log, t);
      System.out.printf(
          "detail function=%s first_to_second_call=%.2f classes_in_package=%d jars=%d"
              + " classes_loaded_in_init=%d classes_loaded_in_first_call=%d"
              + " sdk_classes_in_first_call=%d%n",
          f.name(),
          firstToSecond,
          ClassCounts.inPackage(dir),
          ClassCounts.jars(dir),
          counts.init(),
          counts.firstCall(),
          counts.sdkInFirstCall());
      Files.deleteIfExists(log);
    }
    System.exit(0);
  }

  /** One cold start's figures, and when (nanoseconds after the JVM was started) each part was. */
  record Timings(
      long firstResponseMs,
      long firstCallMs,
      long secondCallMs,
      long firstTakenNs,
      long firstAnsweredNs,
      long cpuMs) {}

  /**
   * One cold start: JVM start to first response, first call, second call. With {@code classLog},
   * the JVM logs each class it loads there (with its uptime, for {@link ClassCounts}).
   */
  private static Timings run(
      Function f,
      Path dir,
      String runtimeClient,
      String event,
      Map<String, String> env,
      CpuShare share,
      Path classLog)
      throws Exception {
    try (RuntimeApiStandIn api = new RuntimeApiStandIn(List.of(event, event))) {
      List<String> command = new ArrayList<>(share.launcher());
      command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
      command.addAll(RUNTIME_FLAGS);
      String extra = System.getProperty("bench.java.options"); // e.g. a profiler, when asked
      if (extra != null && !extra.isBlank()) {
        command.addAll(List.of(extra.trim().split("\\s+")));
      }
      if (classLog != null) {
        command.add("-Xlog:class+load=info:file=" + classLog + ":uptimenanos");
      }
      command.add("-cp");
      command.add(dir + ":" + dir.resolve("lib") + "/*:" + runtimeClient);
      command.add("com.amazonaws.services.lambda.runtime.api.client.AWSLambda");
      command.add("io.quarkus.amazon.lambda.runtime.QuarkusStreamHandler::handleRequest");
      ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile());
      builder.environment().putAll(env);
      builder.environment().put("AWS_LAMBDA_RUNTIME_API", api.address());
      builder.redirectErrorStream(true);
      String output = System.getProperty("bench.output"); // the functions' logs, when asked
      builder.redirectOutput(
          output == null
              ? ProcessBuilder.Redirect.DISCARD
              : ProcessBuilder.Redirect.appendTo(Path.of(output).toFile()));
      long start = System.nanoTime();
      Process process = builder.start();
      long cpuMs;
      try {
        if (!api.awaitAnswers(120)) {
          throw new IllegalStateException(f.name() + " did not answer both events in 120 s");
        }
        // CPU time of every thread of the JVM (JIT included) up to the second answer: steadier
        // than wall time on a shared machine, so it is what A/B comparisons of a change read.
        cpuMs = cpuMillis(process);
      } finally {
        // Stopped as Lambda stops an environment, so that a recording (JFR) is written on exit.
        process.destroy();
        if (!process.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
          process.destroyForcibly();
          process.waitFor();
        }
      }
      for (int i = 0; i < 2; i++) {
        if (api.answer(i).startsWith("error") || api.answer(i).startsWith("init error")) {
          throw new IllegalStateException(f.name() + " failed: " + api.answer(i));
        }
      }
      return new Timings(
          (api.answered(0) - start) / 1_000_000,
          (api.answered(0) - api.taken(0)) / 1_000_000,
          (api.answered(1) - api.taken(1)) / 1_000_000,
          api.taken(0) - start,
          api.answered(0) - start,
          cpuMs);
    }
  }

  /** CPU time the JVM has used (the CFS-quota launcher execs it: one process either way). */
  private static long cpuMillis(Process process) {
    return process.info().totalCpuDuration().map(java.time.Duration::toMillis).orElse(0L);
  }

  /** What the template sets, with the emulators' addresses for the endpoints. */
  private static Map<String, String> environment(
      Function f, TemplateResources template, Map<String, String> names, Emulators emulators) {
    Map<String, String> env = new HashMap<>();
    // The function's own references to the template's resources, as the local stack reads them.
    template
        .environmentRefs(f.logicalId())
        .forEach((variable, logicalId) -> env.put(variable, names.get(logicalId)));
    // The JVM options the template sets, read by the JVM from the environment as on Lambda.
    template
        .environmentValue(f.logicalId(), "JAVA_TOOL_OPTIONS")
        .ifPresent(options -> env.put("JAVA_TOOL_OPTIONS", options));
    env.put("DISABLE_SIGNAL_HANDLERS", "true");
    env.put("AWS_REGION", "us-east-1");
    env.put("AWS_ACCESS_KEY_ID", "test");
    env.put("AWS_SECRET_ACCESS_KEY", "test");
    env.put("AWS_LAMBDA_FUNCTION_NAME", f.name());
    env.put("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", "1024");
    env.put("AWS_LAMBDA_FUNCTION_VERSION", "1");
    env.put("DYNAMODB_ENDPOINT", emulators.dynamoEndpoint.toString());
    env.put("S3_ENDPOINT", emulators.awsEndpoint.toString());
    env.put("SNS_ENDPOINT", emulators.awsEndpoint.toString());
    env.put("SQS_ENDPOINT", emulators.awsEndpoint.toString());
    env.put("KINESIS_ENDPOINT", emulators.kinesisEndpoint.toString());
    if (f.handler() != null) {
      env.put("QUARKUS_LAMBDA_HANDLER", f.handler());
    }
    return env;
  }

  /** The runtime client and what it needs, from this JVM's own class path. */
  private static String runtimeClientClasspath() {
    List<String> jars = new ArrayList<>();
    for (String entry : System.getProperty("java.class.path").split(":")) {
      if (entry.contains("aws-lambda-java-runtime-interface-client")
          || entry.contains("aws-lambda-java-serialization")
          || entry.contains("utils-lite")) {
        jars.add(entry);
      }
    }
    if (jars.isEmpty()) {
      throw new IllegalStateException("the runtime interface client is not on the class path");
    }
    return String.join(":", jars);
  }

  private static Path unzip(Path zip) {
    try {
      Path dir = Files.createTempDirectory("coldstart-");
      try (ZipInputStream in = new ZipInputStream(Files.newInputStream(zip))) {
        for (ZipEntry e; (e = in.getNextEntry()) != null; ) {
          Path target = dir.resolve(e.getName()).normalize();
          if (!target.startsWith(dir)) {
            throw new IOException("entry outside the package: " + e.getName());
          }
          if (e.isDirectory()) {
            Files.createDirectories(target);
          } else {
            Files.createDirectories(target.getParent());
            Files.copy(in, target); // the entry only: the stream stays open for the next
          }
        }
      }
      return dir;
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static long median(long[] values) {
    long[] sorted = values.clone();
    Arrays.sort(sorted);
    return sorted[sorted.length / 2];
  }
}
