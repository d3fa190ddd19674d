package dev.openpush.functions.sender;

import dev.openpush.aws.Settings;
import dev.openpush.aws.Wiring;
import dev.openpush.domain.campaign.CampaignClock;
import dev.openpush.domain.campaign.CampaignEvents;
import dev.openpush.domain.campaign.CampaignSender;
import dev.openpush.domain.engagement.EngagementScoring;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import java.time.Clock;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.sns.SnsAsyncClient;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * Builds the push services once per container from the injected clients. One package, five
 * functions: the template picks each one's handler with {@code QUARKUS_LAMBDA_HANDLER}.
 */
@ApplicationScoped
public class SenderWiring {
  @Produces
  @ApplicationScoped
  CampaignSender sender(DynamoDbClient dynamo, SnsAsyncClient sns, SqsClient sqs) {
    return Wiring.campaignSender(dynamo, sns, sqs, Settings.fromEnvironment(), Clock.systemUTC());
  }

  @Produces
  @ApplicationScoped
  CampaignEvents campaignEvents(DynamoDbClient dynamo, SqsClient sqs) {
    return Wiring.campaignEvents(dynamo, sqs, Settings.fromEnvironment(), Clock.systemUTC());
  }

  @Produces
  @ApplicationScoped
  EngagementScoring engagementScoring(DynamoDbClient dynamo) {
    return Wiring.engagementScoring(dynamo, Settings.fromEnvironment(), Clock.systemUTC());
  }

  @Produces
  @ApplicationScoped
  CampaignClock campaignClock(DynamoDbClient dynamo, SqsClient sqs) {
    return Wiring.campaignClock(dynamo, sqs, Settings.fromEnvironment(), Clock.systemUTC());
  }
}
