package dev.openpush.functions.api;

import dev.openpush.aws.Settings;
import dev.openpush.aws.Wiring;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import java.net.URI;
import java.time.Clock;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.KinesisClientBuilder;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * Builds the API once per container. Kinesis has no Quarkiverse extension in the pinned release, so
 * its client is produced here; it honours {@code KINESIS_ENDPOINT} for the local emulator.
 */
@ApplicationScoped
public class ApiWiring {
  @Produces
  @ApplicationScoped
  KinesisClient kinesis() {
    KinesisClientBuilder builder =
        KinesisClient.builder().httpClient(UrlConnectionHttpClient.create());
    String endpoint = Settings.variable("KINESIS_ENDPOINT");
    if (endpoint != null) {
      builder.endpointOverride(URI.create(endpoint));
    }
    return builder.build();
  }

  @Produces
  @ApplicationScoped
  MarketerApi marketerApi(
      DynamoDbClient dynamo, S3Client s3, SnsClient sns, SqsClient sqs, KinesisClient kinesis) {
    Settings settings = Settings.fromEnvironment();
    return new MarketerApi(
        dynamo,
        s3,
        sns,
        sqs,
        Wiring.eventPublisher(kinesis, settings),
        settings,
        Clock.systemUTC());
  }
}
