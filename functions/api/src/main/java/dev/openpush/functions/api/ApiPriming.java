package dev.openpush.functions.api;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import dev.openpush.aws.lambda.Priming;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * Init-phase priming (see {@link Priming}): every client the API uses, then two reads through the
 * whole request path (a user and the segments of an app that has neither: 404 and an empty page).
 */
@ApplicationScoped
class ApiPriming {
  void prime(
      @Observes StartupEvent start,
      ApiHandler handler,
      DynamoDbClient dynamo,
      S3Client s3,
      SnsClient sns,
      SqsClient sqs,
      KinesisClient kinesis) {
    Priming.of("api")
        .clients(dynamo, s3, sns, sqs, kinesis)
        .invoke(handler, APIGatewayProxyRequestEvent.class, "priming/api-user.json")
        .invoke(handler, APIGatewayProxyRequestEvent.class, "priming/api-segments.json")
        .run();
  }
}
