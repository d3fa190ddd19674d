package dev.openpush.functions.memberships;

import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import dev.openpush.aws.Settings;
import dev.openpush.aws.lambda.Priming;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * Init-phase priming (see {@link Priming}): a profile stream record whose memberships did not
 * change (the same image before and after), decoded and compared, projecting nothing; and a read,
 * since that event reaches no table.
 */
@ApplicationScoped
class MembershipsPriming {
  void prime(@Observes StartupEvent start, MembershipsHandler handler, DynamoDbClient dynamo) {
    Priming.of("memberships")
        .clients(dynamo)
        .read(dynamo, Settings.fromEnvironment().tables().profiles())
        .invoke(handler, DynamodbEvent.class, "priming/memberships.json")
        .run();
  }
}
