package dev.openpush.functions.sender;

import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.KinesisEvent;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.amazonaws.services.lambda.runtime.events.ScheduledEvent;
import dev.openpush.aws.Settings;
import dev.openpush.aws.lambda.Priming;
import dev.openpush.domain.campaign.CampaignClock;
import dev.openpush.domain.engagement.EngagementScoring;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.sns.SnsAsyncClient;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * Init-phase priming (see {@link Priming}) for whichever of the package's five functions this is:
 * its clients, then its handler on an event that changes nothing (a send task of a campaign that
 * does not exist, an app open and a segment entry in an app with no campaigns). The two scheduled
 * functions do real work on every call (and one run in the init phase could take longer than Lambda
 * gives it), so theirs is not invoked: their event is read, their service built (the scoring's with
 * its SageMaker client), and a read made.
 */
@ApplicationScoped
class SenderPriming {
  @ConfigProperty(name = "quarkus.lambda.handler")
  String handler;

  void prime(
      @Observes StartupEvent start,
      DynamoDbClient dynamo,
      SqsClient sqs,
      Instance<SnsAsyncClient> publisher,
      Instance<SenderHandler> sender,
      Instance<CampaignEventsHandler> campaignEvents,
      Instance<SegmentEntriesHandler> segmentEntries,
      Instance<CampaignClock> campaignClock,
      Instance<EngagementScoring> engagementScoring) {
    Priming priming = Priming.of(handler).clients(dynamo, sqs);
    String event = "priming/" + handler + ".json";
    switch (handler) {
      // Only the sender publishes; its async client (and event loop) is built, never called here.
      case "sender" -> priming.clients(publisher.get()).invoke(sender.get(), SQSEvent.class, event);
      case "campaignEvents" -> priming.invoke(campaignEvents.get(), KinesisEvent.class, event);
      case "segmentEntries" -> priming.invoke(segmentEntries.get(), DynamodbEvent.class, event);
      case "campaignClock" ->
          priming
              .event(ScheduledEvent.class, event)
              .built("campaign clock", campaignClock.get())
              .read(dynamo, Settings.fromEnvironment().tables().profiles());
      case "engagementScoring" ->
          priming
              .event(ScheduledEvent.class, event)
              .built("engagement scoring", engagementScoring.get())
              .read(dynamo, Settings.fromEnvironment().tables().profiles());
      default -> {} // a handler this package does not know: clients only
    }
    priming.run();
  }
}
