package dev.openpush.local;

import com.amazonaws.services.lambda.runtime.events.ScheduledEvent;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import dev.openpush.aws.Settings;
import dev.openpush.aws.Wiring;
import dev.openpush.domain.engagement.EngagementModel;
import dev.openpush.domain.engagement.EngagementScoring;
import dev.openpush.engagement.InferenceServer;
import dev.openpush.engagement.ModelArtifact;
import dev.openpush.functions.sender.CampaignClockHandler;
import dev.openpush.functions.sender.CampaignEventsHandler;
import dev.openpush.functions.sender.EngagementScoringHandler;
import dev.openpush.functions.sender.SegmentEntriesHandler;
import dev.openpush.functions.sender.SenderHandler;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The push functions of the local stack, wired to their triggers as in template.yaml: the sender
 * behind the send queue, the campaign events behind a second reader of the events stream, the
 * segment entries behind the memberships table's stream, and the campaign clock, ticked by the
 * stack's schedule.
 */
final class LocalPush implements AutoCloseable {
  private final SqsPoller sendQueue;
  private final KinesisPoller events;
  private final DynamoDbStreamPoller entries;
  private final CampaignClockHandler clockHandler;
  private final InferenceServer model;
  private final EngagementScoringHandler scoring;

  LocalPush(
      LocalClients clients,
      TemplateResources template,
      Map<String, String> names,
      Function<String, Settings> settingsFor,
      Clock clock) {
    SenderHandler sender =
        new SenderHandler(
            Wiring.campaignSender(
                clients.dynamo(),
                LocalClients.snsAsync(Emulators.shared(), 100),
                clients.sqs(),
                settingsFor.apply("SenderFunction"),
                clock));
    sendQueue =
        new SqsPoller(
            clients.sqs(),
            names.get("SendQueue"),
            template.sqsBatchSize("SenderFunction"),
            event -> sender.handleRequest(event, null));
    CampaignEventsHandler campaignEvents =
        new CampaignEventsHandler(
            Wiring.campaignEvents(
                clients.dynamo(),
                clients.sqs(),
                settingsFor.apply("CampaignEventsFunction"),
                clock));
    TemplateResources.KinesisTrigger trigger = template.kinesisTrigger("CampaignEventsFunction");
    events =
        new KinesisPoller(
            clients.kinesis(),
            clients.sqs(),
            names.get("EventsStream"),
            trigger,
            names.get(trigger.onFailureQueue()),
            event -> {
              campaignEvents.handleRequest(event, null);
              return new StreamsEventResponse(List.of());
            });
    SegmentEntriesHandler segmentEntries =
        new SegmentEntriesHandler(
            Wiring.campaignEvents(
                clients.dynamo(),
                clients.sqs(),
                settingsFor.apply("SegmentEntriesFunction"),
                clock));
    entries =
        new DynamoDbStreamPoller(
            LocalClients.streams(Emulators.shared()),
            clients
                .dynamo()
                .describeTable(b -> b.tableName(names.get("MembershipsTable")))
                .table()
                .latestStreamArn(),
            template.dynamoDbBatchSize("SegmentEntriesFunction"),
            event -> segmentEntries.handleRequest(event, null));
    model = inferenceServer();
    Settings scoringSettings = settingsFor.apply("EngagementScoringFunction");
    scoring =
        new EngagementScoringHandler(
            Wiring.engagementScoring(
                clients.dynamo(),
                withModel(scoringSettings, "http://127.0.0.1:" + model.port()),
                clock));
    clockHandler =
        new CampaignClockHandler(
            Wiring.campaignClock(
                clients.dynamo(),
                clients.sqs(),
                settingsFor.apply("CampaignClockFunction"),
                clock));
  }

  void start() {
    sendQueue.start();
    events.start();
    entries.start();
  }

  /** Runs the campaign clock now, as its schedule would: the recurring runs that are due. */
  int tick() {
    return clockHandler.handleRequest(new ScheduledEvent(), null);
  }

  /** Runs the engagement scoring now, as its schedule would. */
  EngagementScoring.Report score() {
    return scoring.handleRequest(new ScheduledEvent(), null);
  }

  /** Stops the model's server, as an endpoint that fails: scoring falls back. */
  void stopModel() {
    model.close();
  }

  /**
   * The SageMaker endpoint of the engagement model, locally: its inference server with the model
   * trained on the simulator (infra/engagement-model/model), answering the Runtime API's path.
   */
  private static InferenceServer inferenceServer() {
    try {
      return new InferenceServer(
          new EngagementModel(
              ModelArtifact.read(Repo.root().resolve("infra/engagement-model/model"))),
          0);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException("the engagement model could not be read", e);
    }
  }

  private static Settings withModel(Settings s, String url) {
    return new Settings(
        s.tables(),
        s.deadLetterBucket(),
        s.eventsStream(),
        s.segmentCache(),
        s.apiKey(),
        s.apiKeys(),
        s.segmentSettle(),
        s.platformApplications(),
        s.sendQueue(),
        "openpush-engagement",
        url);
  }

  /**
   * Waits until every event and membership change so far has been through the campaign-trigger
   * functions, and everything queued since has been sent.
   */
  void awaitSent(Duration timeout) {
    Instant deadline = Instant.now().plus(timeout);
    events.awaitCaughtUp(timeout);
    entries.awaitCaughtUp(Duration.between(Instant.now(), deadline));
    sendQueue.awaitDrained(Duration.between(Instant.now(), deadline));
  }

  @Override
  public void close() {
    sendQueue.close();
    events.close();
    entries.close();
    model.close();
  }
}
