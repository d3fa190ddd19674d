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
 * The emulators the product runs on locally: DynamoDB Local (in this JVM), kinesis-local (the
 * Kinesis engine LocalStack uses, from npm) and moto (S3 and SQS, from PyPI), installed into {@code
 * .tools/} by {@code bin/install-tools}. Started once per JVM, stopped at exit.
 */
public final class Emulators implements AutoCloseable {
  private static final Logger LOG = Logger.getLogger(Emulators.class.getName());
  private static final String LOCALSTACK_IMAGE = "localstack/localstack:3.8";
  private static Emulators shared;

  private final List<Runnable> stops = new ArrayList<>();
  private final List<Process> processes = new ArrayList<>();
  private final java.util.Map<Process, String> processNames = new java.util.HashMap<>();
  private volatile boolean closing;
  public final URI dynamoEndpoint;
  public final URI kinesisEndpoint;
  public final URI motoEndpoint;

  /** The emulators of this JVM, started on first use. */
  public static synchronized Emulators shared() {
    if (shared == null) {
      shared = start(Repo.root());
      Emulators started = shared;
      Runtime.getRuntime().addShutdownHook(new Thread(started::close));
    }
    return shared;
  }

  private Emulators(URI dynamoEndpoint, URI kinesisEndpoint, URI motoEndpoint) {
    this.dynamoEndpoint = dynamoEndpoint;
    this.kinesisEndpoint = kinesisEndpoint;
    this.motoEndpoint = motoEndpoint;
  }

  static Emulators start(Path root) {
    if (DockerEngine.present()) {
      return startLocalStack();
    }
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
              URI.create("http://127.0.0.1:" + motoPort));
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
      waitForHttp(URI.create(emulators.motoEndpoint + "/moto-api/"), Duration.ofSeconds(60));
      LOG.info(
          "emulators up: dynamodb "
              + emulators.dynamoEndpoint
              + ", kinesis "
              + emulators.kinesisEndpoint
              + ", moto "
              + emulators.motoEndpoint);
      return emulators;
    } catch (Exception e) {
      throw new IllegalStateException("could not start the emulators", e);
    }
  }

  /**
   * LocalStack (the Kinesis engine above is its own) in one container for all services, used
   * instead of the processes above when a Docker engine is present.
   */
  private static Emulators startLocalStack() {
    LocalStackContainer container =
        new LocalStackContainer(DockerImageName.parse(LOCALSTACK_IMAGE))
            .withServices(
                LocalStackContainer.Service.KINESIS,
                LocalStackContainer.Service.DYNAMODB,
                LocalStackContainer.Service.S3,
                LocalStackContainer.Service.SQS);
    container.start();
    URI edge = container.getEndpoint();
    Emulators emulators = new Emulators(edge, edge, edge);
    emulators.stops.add(container::stop);
    LOG.info("LocalStack up at " + edge);
    return emulators;
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
      process.destroy();
    }
    for (Process process : processes) {
      try {
        if (!process.waitFor(5, java.util.concurrent.TimeUnit.SECONDS)) {
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
