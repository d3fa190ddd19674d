package dev.openpush.functions.sender;

import dev.openpush.aws.Settings;
import dev.openpush.aws.Wiring;
import dev.openpush.domain.campaign.CampaignSender;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import java.time.Clock;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sqs.SqsClient;

/** Builds the sender once per container from the injected clients. */
@ApplicationScoped
public class SenderWiring {
  @Produces
  @ApplicationScoped
  CampaignSender sender(DynamoDbClient dynamo, SnsClient sns, SqsClient sqs) {
    return Wiring.campaignSender(dynamo, sns, sqs, Settings.fromEnvironment(), Clock.systemUTC());
  }
}
