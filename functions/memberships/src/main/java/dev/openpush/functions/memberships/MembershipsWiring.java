package dev.openpush.functions.memberships;

import dev.openpush.aws.Settings;
import dev.openpush.aws.Wiring;
import dev.openpush.domain.memberships.MembershipProjection;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/** Builds the projection once per container from the injected client. */
@ApplicationScoped
public class MembershipsWiring {
  @Produces
  @ApplicationScoped
  MembershipProjection projection(DynamoDbClient dynamo) {
    return Wiring.membershipProjection(dynamo, Settings.fromEnvironment());
  }
}
