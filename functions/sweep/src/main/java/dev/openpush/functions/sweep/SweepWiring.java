package dev.openpush.functions.sweep;

import dev.openpush.aws.Settings;
import dev.openpush.aws.Wiring;
import dev.openpush.domain.sweep.SweepService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import java.time.Clock;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/** Builds the sweep service once per container from the injected client. */
@ApplicationScoped
public class SweepWiring {
  @Produces
  @ApplicationScoped
  SweepService sweepService(DynamoDbClient dynamo) {
    return Wiring.sweepService(dynamo, Settings.fromEnvironment(), Clock.systemUTC());
  }
}
