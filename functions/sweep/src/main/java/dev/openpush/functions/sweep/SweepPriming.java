package dev.openpush.functions.sweep;

import com.amazonaws.services.lambda.runtime.events.ScheduledEvent;
import dev.openpush.aws.lambda.Priming;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * Init-phase priming (see {@link Priming}): one sweep, as the schedule runs it every minute. A
 * sweep is safe to run at any time and beside another (each user's update is a conditional write,
 * redone when another writer got there first), so the run here is real work done early, not a side
 * effect; the short time the priming context leaves it keeps it to about a second.
 */
@ApplicationScoped
class SweepPriming {
  void prime(@Observes StartupEvent start, SweepHandler handler, DynamoDbClient dynamo) {
    Priming.of("sweep")
        .clients(dynamo)
        .invoke(handler, ScheduledEvent.class, "priming/sweep.json")
        .run();
  }
}
