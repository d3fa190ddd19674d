package dev.openpush.functions.sender;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import dev.openpush.aws.Settings;
import dev.openpush.aws.dynamodb.DynamoDbScoringQueue;
import dev.openpush.domain.engagement.ScoringQueue;
import dev.openpush.local.QuarkusEmulatorResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The engagement scoring (the sender's package, {@code QUARKUS_LAMBDA_HANDLER=engagementScoring})
 * on events/schedule/engagement-scoring.json, with no model endpoint configured: marked users are
 * taken from the queue, and a user with no profile is scored as nobody.
 */
@QuarkusTest
@TestProfile(EngagementScoringHandlerTest.Profile.class)
@QuarkusTestResource(QuarkusEmulatorResource.class)
class EngagementScoringHandlerTest {
  public static class Profile extends Seeds.Handler {
    public Profile() {
      super("engagementScoring");
    }
  }

  @Test
  void markedUsersAreTakenFromTheQueue() throws Exception {
    ScoringQueue queue =
        new DynamoDbScoringQueue(
            QuarkusEmulatorResource.clients.dynamo(),
            Settings.fromEnvironment().tables(),
            Clock.systemUTC());
    queue.mark("shop", List.of("nobody-1", "nobody-2"));

    given()
        .contentType("application/json")
        .body(Seeds.event("events/schedule/engagement-scoring.json"))
        .when()
        .post("/_lambda_")
        .then()
        .statusCode(200)
        .body("scored", equalTo(0));

    for (int shard = 0; shard < ScoringQueue.SHARDS; shard++) {
      assertThat(queue.take(shard, 10)).isEmpty();
    }
  }
}
