package dev.openpush.local;

import com.amazonaws.services.dynamodbv2.local.main.ServerRunner;
import com.amazonaws.services.dynamodbv2.local.server.DynamoDBProxyServer;
import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Logger;
import org.testcontainers.containers.localstack.LocalStackContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * The emulators the product runs on locally, as the {@link EmulatorProfile} chooses: DynamoDB Local
 * (in this JVM), kinesis-local (the Kinesis engine LocalStack uses, from npm) and moto (S3, SQS and
 * SNS, from PyPI); or LocalStack, in host mode (its Python runtime, no Docker) or in a container
 * where Docker answers. Installed into {@code .tools/} by {@code bin/install-tools}. Started once
 * per JVM, stopped at exit with every process they started.
 */
public final class Emulators implements AutoCloseable {
  private static final Logger LOG = Logger.getLogger(Emulators.class.getName());

  /** The release the host mode runs (infra/localstack/requirements.lock), as an image. */
  private static final String LOCALSTACK_IMAGE = "localstack/localstack:2026.3.0";

  /** kinesis-local as bin/install-tools lays it out for LocalStack (the npm package it uses). */
  private static final String KINESIS_LOCAL_VERSION = "0.6.2";

  private static Emulators shared;

  private final List<Runnable> stops = new ArrayList<>();
  private final List<Process> processes = new ArrayList<>();
  private final java.util.Map<Process, String> processNames = new java.util.HashMap<>();
  private volatile boolean closing;
  public final URI dynamoEndpoint;
  public final URI kinesisEndpoint;

  /** S3, SQS and SNS. */
  public final URI awsEndpoint;

  /** What runs: {@code native}, {@code localstack (host mode)}, {@code localstack (container)}. */
  public final String description;

  /** The emulators of this JVM, started on first use. */
  public static synchronized Emulators shared() {
    if (shared == null) {
      shared = start(Repo.root());
      Emulators started = shared;
      Runtime.getRuntime().addShutdownHook(new Thread(started::close));
    }
    return shared;
  }

  private Emulators(URI dynamoEndpoint, URI kinesisEndpoint, URI awsEndpoint, String description) {
    this.dynamoEndpoint = dynamoEndpoint;
    this.kinesisEndpoint = kinesisEndpoint;
    this.awsEndpoint = awsEndpoint;
    this.description = description;
  }

  static Emulators start(Path root) {
    return switch (EmulatorProfile.selected()) {
      case NATIVE -> startNative(root);
      case LOCALSTACK ->
          DockerEngine.present() ? startLocalStackContainer() : startLocalStackHost(root);
    };
  }

  private static Emulators startNative(Path root) {
    Path tools = root.resolve(".tools");
    Path kinesisMain = tools.resolve("node/node_modules/kinesis-local/main.js");
    Path python = tools.resolve("venv/bin/python");
    if (!Files.exists(kinesisMain) || !Files.exists(python)) {
      throw new IllegalStateException("emulators are not installed: run bin/install-tools");
    }
    try {
      int dynamoPort = freePort();
      DynamoDBProxyServer dynamo =
          ServerRunner.createServerFromCommandLineArgs(
              new String[] {
                "-inMemory", "-port", Integer.toString(dynamoPort), "-disableTelemetry"
              });
      dynamo.start();
      int kinesisPort = freePort();
      int motoPort = freePort();
      Emulators emulators =
          new Emulators(
              URI.create("http://127.0.0.1:" + dynamoPort),
              URI.create("http://127.0.0.1:" + kinesisPort),
              URI.create("http://127.0.0.1:" + motoPort),
              "native");
      emulators.stops.add(() -> stopQuietly(dynamo));
      ProcessBuilder kinesis =
          new ProcessBuilder("node", kinesisMain.toString())
              .redirectErrorStream(true)
              .redirectOutput(tools.resolve("kinesis-local.log").toFile());
      kinesis
          .environment()
          .put(
              "KINESIS_MOCK_CERT_PATH",
              tools.resolve("node/node_modules/kinesis-local/server.json").toString());
      kinesis.environment().put("KINESIS_MOCK_PLAIN_PORT", Integer.toString(kinesisPort));
      kinesis.environment().put("KINESIS_MOCK_TLS_PORT", Integer.toString(freePort()));
      kinesis.environment().put("LOG_LEVEL", "WARN");
      emulators.watch("kinesis-local", kinesis.start());
      ProcessBuilder moto =
          new ProcessBuilder(
                  python.toString(),
                  "-m",
                  "moto.server",
                  "-H",
                  "127.0.0.1",
                  "-p",
                  Integer.toString(motoPort))
              .redirectErrorStream(true)
              .redirectOutput(tools.resolve("moto.log").toFile());
      emulators.watch("moto", moto.start());
      waitForHttp(emulators.kinesisEndpoint, Duration.ofSeconds(60));
      waitForHttp(URI.create(emulators.awsEndpoint + "/moto-api/"), Duration.ofSeconds(60));
      LOG.info(
          "emulators up: dynamodb "
              + emulators.dynamoEndpoint
              + ", kinesis "
              + emulators.kinesisEndpoint
              + ", moto "
              + emulators.awsEndpoint);
      return emulators;
    } catch (Exception e) {
      throw new IllegalStateException("could not start the emulators", e);
    }
  }

  /**
   * LocalStack's own Python runtime as a process of ours, with no Docker ("host mode"): the release
   * pinned in infra/localstack/requirements.lock, its DynamoDB Local and kinesis-local laid out by
   * bin/install-tools so that it downloads nothing. Each start has a file-system root of its own
   * under .tools/localstack/runs, removed when it stops; LocalStack writes nowhere else.
   */
  private static Emulators startLocalStackHost(Path root) {
    Path python = root.resolve(".tools/localstack-venv/bin/python");
    Path libs = root.resolve(".tools/localstack/fs/var/lib/localstack/lib");
    if (!Files.isExecutable(python) || !Files.isDirectory(libs)) {
      throw new IllegalStateException("LocalStack is not installed: run bin/install-tools");
    }
    try {
      int port = freePort();
      Path run = root.resolve(".tools/localstack/runs/" + port);
      Files.createDirectories(run.resolve("var/lib/localstack"));
      Files.createSymbolicLink(run.resolve("var/lib/localstack/lib"), libs);
      ProcessBuilder localstack =
          new ProcessBuilder(python.toString(), "-m", "localstack.runtime.main")
              .directory(run.toFile())
              .redirectErrorStream(true)
              .redirectOutput(run.resolve("localstack.log").toFile());
      java.util.Map<String, String> env = localstack.environment();
      // Without these it takes the sandbox for a container and writes under /var/lib and /usr/lib,
      // may rewrite /etc/resolv.conf, and downloads certificates and DynamoDB Local.
      env.put("OVERRIDE_IN_DOCKER", "0");
      env.put("FILESYSTEM_ROOT", run.toString());
      env.put("DNS_ADDRESS", "0");
      env.put("GATEWAY_LISTEN", "127.0.0.1:" + port);
      // Queue URLs on this address, not on a public DNS name that resolves to loopback.
      env.put("LOCALSTACK_HOST", "127.0.0.1:" + port);
      env.put("SQS_ENDPOINT_STRATEGY", "path");
      env.put("SERVICES", "dynamodb,dynamodbstreams,kinesis,s3,sqs,sns");
      env.put("SKIP_SSL_CERT_DOWNLOAD", "1");
      env.put("DISABLE_EVENTS", "1");
      env.put("DYNAMODB_IN_MEMORY", "1");
      env.put("KINESIS_LATENCY", "0");
      env.put("KINESIS_MOCK_VERSION", KINESIS_LOCAL_VERSION);
      URI edge = URI.create("http://127.0.0.1:" + port);
      Emulators emulators = new Emulators(edge, edge, edge, "localstack (host mode)");
      emulators.watch("localstack", localstack.start());
      emulators.stops.add(() -> deleteQuietly(run));
      try {
        waitForHttp(URI.create(edge + "/_localstack/health"), Duration.ofSeconds(90));
      } catch (IllegalStateException e) {
        String log = Files.readString(run.resolve("localstack.log"));
        emulators.close();
        throw new IllegalStateException(
            "LocalStack did not start; its log ends with:\n"
                + log.substring(Math.max(0, log.length() - 2_000)),
            e);
      }
      LOG.info("LocalStack (host mode) up at " + edge);
      return emulators;
    } catch (IOException | InterruptedException e) {
      throw new IllegalStateException("could not start LocalStack", e);
    }
  }

  /** LocalStack in one container for all services, where a Docker engine answers. */
  private static Emulators startLocalStackContainer() {
    LocalStackContainer container =
        new LocalStackContainer(DockerImageName.parse(LOCALSTACK_IMAGE))
            .withServices(
                LocalStackContainer.Service.KINESIS,
                LocalStackContainer.Service.DYNAMODB,
                LocalStackContainer.Service.S3,
                LocalStackContainer.Service.SQS,
                LocalStackContainer.Service.SNS);
    container.start();
    URI edge = container.getEndpoint();
    Emulators emulators = new Emulators(edge, edge, edge, "localstack (container)");
    emulators.stops.add(container::stop);
    LOG.info("LocalStack up at " + edge);
    return emulators;
  }

  private static void deleteQuietly(Path dir) {
    try (var paths = Files.walk(dir)) {
      paths
          .sorted(java.util.Comparator.reverseOrder())
          .forEach(
              p -> {
                try {
                  Files.delete(p);
                } catch (IOException e) {
                  LOG.fine("could not delete " + p);
                }
              });
    } catch (IOException e) {
      LOG.fine("could not delete " + dir);
    }
  }

  private synchronized void watch(String name, Process process) {
    processes.add(process);
    processNames.put(process, name);
  }

  /**
   * Calls {@code handler} with the name, pid and exit code of any emulator process that exits while
   * the emulators are in use, so that whoever runs them can say which one died and stop rather than
   * carry on against a dead endpoint.
   */
  public synchronized void onUnexpectedExit(java.util.function.Consumer<String> handler) {
    processNames.forEach(
        (process, name) ->
            process
                .onExit()
                .thenAccept(
                    exited -> {
                      if (!closing) {
                        handler.accept(
                            name
                                + " (pid "
                                + exited.pid()
                                + ") exited with code "
                                + exited.exitValue());
                      }
                    }));
  }

  private static void stopQuietly(DynamoDBProxyServer dynamo) {
    try {
      dynamo.stop();
    } catch (Exception e) {
      LOG.fine("dynamodb local stop: " + e);
    }
  }

  static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  private static void waitForHttp(URI uri, Duration timeout) throws InterruptedException {
    Instant deadline = Instant.now().plus(timeout);
    while (Instant.now().isBefore(deadline)) {
      try {
        HttpURLConnection connection = (HttpURLConnection) uri.toURL().openConnection();
        connection.setConnectTimeout(500);
        connection.setReadTimeout(2000);
        connection.getResponseCode();
        connection.disconnect();
        return;
      } catch (IOException notYet) {
        Thread.sleep(200);
      }
    }
    throw new IllegalStateException(uri + " did not answer within " + timeout);
  }

  @Override
  public synchronized void close() {
    closing = true;
    for (Process process : processes) {
      // By process id, children first: LocalStack runs DynamoDB Local and kinesis-local as its own.
      process.descendants().forEach(ProcessHandle::destroy);
      process.destroy();
    }
    for (Process process : processes) {
      try {
        if (!process.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
          process.descendants().forEach(ProcessHandle::destroyForcibly);
          process.destroyForcibly();
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    processes.clear();
    stops.forEach(Runnable::run);
    stops.clear();
  }
}
