package dev.openpush.functions.sweep;

import com.amazonaws.services.lambda.runtime.events.ScheduledEvent;
import dev.openpush.aws.Settings;
import dev.openpush.aws.dynamodb.Tables;
import dev.openpush.aws.lambda.Priming;
import dev.openpush.domain.sweep.SweepService;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Init-phase priming (see {@link Priming}). A sweep is real work on every call, and one run in the
 * init phase could take longer than Lambda gives it (a backlog, a cold index), so the handler is
 * not invoked: the schedule's event is read, the service built, and the reads a sweep starts with
 * (a profile, one wake-up partition) made for keys that do not exist.
 */
@ApplicationScoped
class SweepPriming {
  void prime(@Observes StartupEvent start, SweepService service, DynamoDbClient dynamo) {
    Tables tables = Settings.fromEnvironment().tables();
    Priming.of("sweep")
        .clients(dynamo)
        .event(ScheduledEvent.class, "priming/sweep.json")
        .built("sweep", service)
        .read(dynamo, tables.profiles())
        .step(
            "wake-ups",
            () ->
                dynamo.query(
                    b ->
                        b.tableName(tables.profiles())
                            .indexName(Tables.BY_WAKE)
                            .keyConditionExpression("wakeHour = :h")
                            .expressionAttributeValues(
                                Map.of(":h", AttributeValue.fromS(Priming.NOBODY)))
                            .limit(1)))
        .run();
  }
}
