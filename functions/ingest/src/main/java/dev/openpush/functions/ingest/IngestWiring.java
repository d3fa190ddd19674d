package dev.openpush.functions.ingest;

import dev.openpush.aws.Settings;
import dev.openpush.aws.Wiring;
import dev.openpush.domain.ingest.IngestService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import java.time.Clock;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.s3.S3Client;

/** Builds the ingest service once per container from the injected clients. */
@ApplicationScoped
public class IngestWiring {
  @Produces
  @ApplicationScoped
  IngestService ingestService(DynamoDbClient dynamo, S3Client s3) {
    return Wiring.ingestService(dynamo, s3, Settings.fromEnvironment(), Clock.systemUTC());
  }
}
