package dev.openpush.local;

import com.amazonaws.services.lambda.runtime.events.ScheduledEvent;
import dev.openpush.aws.Settings;
import dev.openpush.aws.Wiring;
import dev.openpush.aws.sns.PlatformApplications;
import dev.openpush.domain.delivery.Platform;
import dev.openpush.domain.sweep.SweepService;
import dev.openpush.functions.api.ApiHandler;
import dev.openpush.functions.api.MarketerApi;
import dev.openpush.functions.ingest.IngestHandler;
import dev.openpush.functions.memberships.MembershipsHandler;
import dev.openpush.functions.sweep.SweepHandler;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The whole product on one machine: the emulators, the resources of template.yaml, the ingest
 * function behind a Kinesis poller with the template's batch settings, the sweep on a short
 * schedule, and the API over HTTP. The handlers are the same classes that run in Lambda.
 */
public final class LocalStack implements AutoCloseable {
  private static final Logger LOG = Logger.getLogger(LocalStack.class.getName());
  private static final Duration PROJECTION_WAIT = Duration.ofSeconds(60);

  /**
   * How to run: the API port (0 picks one), a prefix for resource names, the sweep period.
   *
   * @param apiKeys API keys and the apps each may use ({@code k1=shop|news,k2=*}), or null for an
   *     API that asks for no key
   */
  /**
   * @param pushApps the apps that get SNS platform applications (APNS, APNS_SANDBOX, GCM) in the
   *     emulator, as the template's PlatformApplicationArns names them in AWS
   */
  public record Options(
      int apiPort,
      String prefix,
      Duration sweepPeriod,
      Duration segmentCache,
      String apiKeys,
      Clock clock,
      List<String> pushApps) {
    public static Options defaults() {
      return new Options(
          8080,
          "",
          Duration.ofSeconds(5),
          Duration.ofSeconds(2),
          null,
          Clock.systemUTC(),
          List.of("demo", DemoTraffic.APP));
    }
  }

  public final LocalClients clients;
  public final Map<String, String> names;
  public final Settings ingestSettings;
  public final Settings apiSettings;
  public final PlatformApplications platformApplications;
  public final IngestHandler ingest;
  public final SweepHandler sweep;
  public final ApiHandler api;
  public final MembershipsHandler memberships;
  private final LocalPush push;
  private final KinesisPoller poller;
  private final DynamoDbStreamPoller profileStream;
  private final HttpApiServer http;
  private final ScheduledExecutorService schedule =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread t = new Thread(r, "sweep-schedule");
            t.setDaemon(true);
            return t;
          });

  private LocalStack(Options options) throws IOException {
    Path root = Repo.root();
    Emulators emulators = Emulators.shared();
    clients = LocalClients.of(emulators);
    TemplateResources template = TemplateResources.read(root.resolve("template.yaml"));
    names = template.create(clients, options.prefix());
    platformApplications =
        new PlatformApplications(
            PlatformApplicationsLocally.create(
                clients.sns(),
                options.prefix(),
                options.pushApps(),
                java.util.Arrays.stream(Platform.values()).map(Enum::name).toArray(String[]::new)));

    ingestSettings = settingsFor(template, "IngestFunction", options);
    apiSettings = settingsFor(template, "ApiFunction", options);
    Settings sweepSettings = settingsFor(template, "SweepFunction", options);

    ingest =
        new IngestHandler(
            Wiring.ingestService(clients.dynamo(), clients.s3(), ingestSettings, options.clock()));
    SweepService sweepService =
        Wiring.sweepService(clients.dynamo(), sweepSettings, options.clock());
    sweep = new SweepHandler(sweepService);
    api =
        new ApiHandler(
            new MarketerApi(
                clients.dynamo(),
                clients.s3(),
                clients.sns(),
                clients.sqs(),
                Wiring.eventPublisher(clients.kinesis(), apiSettings),
                apiSettings,
                options.clock()));

    memberships =
        new MembershipsHandler(
            Wiring.membershipProjection(
                clients.dynamo(), settingsFor(template, "MembershipsFunction", options)));
    profileStream =
        new DynamoDbStreamPoller(
            LocalClients.streams(emulators),
            clients
                .dynamo()
                .describeTable(b -> b.tableName(names.get("ProfilesTable")))
                .table()
                .latestStreamArn(),
            template.dynamoDbBatchSize("MembershipsFunction"),
            event -> memberships.handleRequest(event, null));

    push =
        new LocalPush(
            clients, template, names, id -> settingsFor(template, id, options), options.clock());

    TemplateResources.KinesisTrigger trigger = template.kinesisTrigger("IngestFunction");
    poller =
        new KinesisPoller(
            clients.kinesis(),
            clients.sqs(),
            names.get("EventsStream"),
            trigger,
            names.get(trigger.onFailureQueue()),
            event -> ingest.handleRequest(event, null));
    http =
        new HttpApiServer(
            options.apiPort(),
            root.resolve("docs/openapi.yaml"),
            event -> api.handleRequest(event, null));
    profileStream.start();
    push.start();
    poller.start();
    http.start();
    if (!options.sweepPeriod().isZero()) {
      schedule.scheduleWithFixedDelay(
          this::sweepQuietly,
          options.sweepPeriod().toMillis(),
          options.sweepPeriod().toMillis(),
          TimeUnit.MILLISECONDS);
    }
  }

  public static LocalStack start(Options options) {
    try {
      return new LocalStack(options);
    } catch (IOException e) {
      throw new IllegalStateException("could not start the local stack", e);
    }
  }

  /** The environment a function gets in AWS, with the template's references resolved locally. */
  private Settings settingsFor(TemplateResources template, String functionId, Options options) {
    Map<String, String> variables = new HashMap<>();
    template
        .environmentRefs(functionId)
        .forEach((variable, logicalId) -> variables.put(variable, names.get(logicalId)));
    variables.put("SEGMENT_CACHE_SECONDS", Long.toString(options.segmentCache().toSeconds()));
    // The local ingest runs in this process and its invocations take moments, not a minute.
    long settle = options.segmentCache().isZero() ? 0 : options.segmentCache().toSeconds() + 1;
    variables.put("SEGMENT_SETTLE_SECONDS", Long.toString(settle));
    if (options.apiKeys() != null) {
      variables.put("API_KEYS", options.apiKeys());
    }
    variables.put(
        "PLATFORM_APPLICATIONS",
        PlatformApplicationsLocally.asSetting(platformApplications.arnByAppAndPlatform()));
    return Settings.from(variables::get);
  }

  public URI apiUrl() {
    return URI.create("http://127.0.0.1:" + http.port());
  }

  /**
   * Runs the scheduled sweep now, as EventBridge would, and waits until the memberships it stored
   * are projected onto member items.
   */
  public SweepService.Report sweepNow() {
    SweepService.Report report = sweep.handleRequest(new ScheduledEvent(), null);
    awaitProjected(PROJECTION_WAIT);
    return report;
  }

  /** Waits until every profile written so far has its member items (the memberships function). */
  public void awaitProjected(Duration timeout) {
    profileStream.awaitCaughtUp(timeout);
  }

  /**
   * Waits until the send queue holds nothing visible, in flight or delayed: every campaign task
   * queued so far (and every task those queued) is done or dead-lettered.
   */
  public void awaitSent(Duration timeout) {
    push.awaitSent(timeout);
  }

  /** Runs the campaign clock now, as its one-minute schedule would; answers the runs started. */
  public int tickCampaignClock() {
    return push.tick();
  }

  /** Runs the engagement scoring now, as its schedule would. */
  public dev.openpush.domain.engagement.EngagementScoring.Report scoreEngagement() {
    return push.score();
  }

  /** Stops the engagement model's endpoint: what scoring does when SageMaker fails. */
  public void stopEngagementModel() {
    push.stopModel();
  }

  private void sweepQuietly() {
    try {
      push.tick(); // the campaign clock's and the scoring's schedules, on the same local beat
      push.score();
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "campaign clock failed ({0}); the next tick retries", e.toString());
    }
    try {
      SweepService.Report report = sweepNow();
      if (report.wokenUsers() + report.builtUsers() + report.cleanedUsers() > 0) {
        LOG.fine("sweep: " + report);
      }
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "sweep failed ({0}); the next run resumes", e.toString());
      LOG.log(Level.FINE, "sweep failure", e);
    }
  }

  /**
   * Waits until everything written to the events stream so far has been through the ingest
   * function, and what it stored through the memberships function.
   */
  public void awaitIngested(Duration timeout) {
    Instant deadline = Instant.now().plus(timeout);
    poller.awaitCaughtUp(timeout);
    awaitProjected(Duration.between(Instant.now(), deadline).plusSeconds(1));
  }

  public long recordsDelivered() {
    return poller.delivered();
  }

  @Override
  public void close() {
    schedule.shutdownNow();
    push.close();
    poller.close();
    profileStream.close();
    http.close();
  }

  /**
   * Says where each emulated service answers and which credentials it takes (SPEC 7), and writes
   * the same to {@code envFile} for scripts such as {@code bin/dead-letters}.
   */
  void printEmulators(Emulators emulators, java.nio.file.Path envFile) throws IOException {
    Map<String, java.net.URI> services = new java.util.LinkedHashMap<>();
    services.put("dynamodb", emulators.dynamoEndpoint);
    services.put("dynamodbstreams", emulators.dynamoEndpoint);
    services.put("kinesis", emulators.kinesisEndpoint);
    services.put("s3", emulators.awsEndpoint);
    services.put("sqs", emulators.awsEndpoint);
    services.put("sns", emulators.awsEndpoint);
    System.out.println("emulators: " + emulators.description);
    services.forEach((name, url) -> System.out.println("emulator " + name + " at " + url));
    System.out.println(
        "emulator credentials: region us-east-1, AWS_ACCESS_KEY_ID=test,"
            + " AWS_SECRET_ACCESS_KEY=test");
    java.nio.file.Files.createDirectories(envFile.getParent());
    java.nio.file.Files.writeString(
        envFile,
        String.join(
            "\n",
            "AWS_REGION=us-east-1",
            "AWS_DEFAULT_REGION=us-east-1",
            "AWS_ACCESS_KEY_ID=test",
            "AWS_SECRET_ACCESS_KEY=test",
            "API_URL=" + apiUrl(),
            "DYNAMODB_ENDPOINT=" + emulators.dynamoEndpoint,
            "KINESIS_ENDPOINT=" + emulators.kinesisEndpoint,
            "S3_ENDPOINT=" + emulators.awsEndpoint,
            "SQS_ENDPOINT=" + emulators.awsEndpoint,
            "DEAD_LETTER_BUCKET=" + names.get("DeadLetterBucket"),
            "INGEST_FAILURE_QUEUE_URL=" + names.get("IngestFailureQueue"),
            ""));
  }

  public static void main(String[] args) throws Exception {
    boolean demo = java.util.Arrays.asList(args).contains("--demo");
    // Metric lines are for CloudWatch; on a console they bury what matters. --metrics shows them.
    if (!java.util.Arrays.asList(args).contains("--metrics")) {
      System.setProperty("POWERTOOLS_METRICS_DISABLED", "true");
    }
    int port = Integer.parseInt(System.getenv().getOrDefault("API_PORT", "8080"));
    // API_KEY=K is K=* (every app); API_KEYS scopes keys to apps (SPEC 7).
    String apiKey = System.getenv("API_KEY");
    String apiKeys = System.getenv("API_KEYS");
    String keys =
        String.join(
            ",",
            java.util.stream.Stream.of(
                    apiKeys == null || apiKeys.isBlank() ? null : apiKeys,
                    apiKey == null || apiKey.isBlank() ? null : apiKey.strip() + "=*")
                .filter(java.util.Objects::nonNull)
                .toList());
    Options defaults = Options.defaults();
    LocalStack stack =
        start(
            new Options(
                port,
                defaults.prefix(),
                defaults.sweepPeriod(),
                defaults.segmentCache(),
                keys.isEmpty() ? null : keys,
                defaults.clock(),
                defaults.pushApps()));
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  stack.close();
                  Emulators.shared().close();
                  try {
                    java.nio.file.Files.deleteIfExists(
                        Repo.root().resolve(".tools/local-stack.env"));
                  } catch (IOException e) {
                    LOG.fine("could not remove .tools/local-stack.env");
                  }
                }));
    // A dead emulator is not carried on against: name it and stop everything, non-zero.
    Emulators.shared()
        .onUnexpectedExit(
            what -> {
              System.err.println("emulator " + what + "; stopping the local stack");
              System.exit(1);
            });
    System.out.println("Resources (from template.yaml): " + stack.names);
    System.out.println("API ready at " + stack.apiUrl());
    stack.printEmulators(Emulators.shared(), Repo.root().resolve(".tools/local-stack.env"));
    if (demo) {
      new DemoTraffic(stack).run();
    } else {
      Thread.currentThread().join();
    }
  }
}
