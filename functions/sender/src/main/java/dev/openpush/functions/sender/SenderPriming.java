package dev.openpush.functions.sender;

import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.KinesisEvent;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.amazonaws.services.lambda.runtime.events.ScheduledEvent;
import dev.openpush.aws.lambda.Priming;
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
 * does not exist, an app open and a segment entry in an app with no campaigns), or, for the two
 * scheduled functions, one run as their schedule makes it (both are safe to run at any time).
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
      Instance<CampaignClockHandler> campaignClock,
      Instance<EngagementScoringHandler> engagementScoring) {
    Priming priming = Priming.of(handler).clients(dynamo, sqs);
    String event = "priming/" + handler + ".json";
    switch (handler) {
      // Only the sender publishes; its async client (and event loop) is built, never called here.
      case "sender" -> priming.clients(publisher.get()).invoke(sender.get(), SQSEvent.class, event);
      case "campaignEvents" -> priming.invoke(campaignEvents.get(), KinesisEvent.class, event);
      case "segmentEntries" -> priming.invoke(segmentEntries.get(), DynamodbEvent.class, event);
      case "campaignClock" -> priming.invoke(campaignClock.get(), ScheduledEvent.class, event);
      case "engagementScoring" ->
          priming.invoke(engagementScoring.get(), ScheduledEvent.class, event);
      default -> {} // a handler this package does not know: clients only
    }
    priming.run();
  }
}
