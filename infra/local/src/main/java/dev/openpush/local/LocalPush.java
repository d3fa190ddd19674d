package dev.openpush.local;

import com.amazonaws.services.lambda.runtime.events.ScheduledEvent;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import dev.openpush.aws.Settings;
import dev.openpush.aws.Wiring;
import dev.openpush.functions.sender.CampaignClockHandler;
import dev.openpush.functions.sender.CampaignEventsHandler;
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
                clients.sns(),
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

  /**
   * Waits until every event and membership change so far has been through the campaign-trigger
   * functions, and everything queued since has been sent.
   */
  void awaitSent(Duration timeout) {
    Instant deadline = Instant.now().plus(timeout);
    long since = System.currentTimeMillis();
    while (!events.caughtUpSince(since)) {
      if (Instant.now().isAfter(deadline)) {
        throw new IllegalStateException("campaign events did not catch up within " + timeout);
      }
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
    entries.awaitCaughtUp(Duration.between(Instant.now(), deadline));
    sendQueue.awaitDrained(Duration.between(Instant.now(), deadline));
  }

  @Override
  public void close() {
    sendQueue.close();
    events.close();
    entries.close();
  }
}
