package dev.openpush.functions.sender;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import dev.openpush.domain.campaign.CampaignStatus;
import dev.openpush.local.QuarkusEmulatorResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.Test;

/**
 * The campaign clock (the sender's package, {@code QUARKUS_LAMBDA_HANDLER=campaignClock}) on
 * events/schedule/campaign-clock.json.
 */
@QuarkusTest
@TestProfile(CampaignClockHandlerTest.Profile.class)
@QuarkusTestResource(QuarkusEmulatorResource.class)
class CampaignClockHandlerTest {
  public static class Profile extends Seeds.Handler {
    public Profile() {
      super("campaignClock");
    }
  }

  @Test
  void aDueOccurrenceStartsItsRunOnce() throws Exception {
    Seeds.campaign(
        "weekly",
        "{'name':'Weekly','segmentId':'shoppers','templateId':'welcome',"
            + "'schedule':{'type':'recurring','cron':'0 9 * * 1'}}",
        CampaignStatus.SCHEDULED,
        null);
    new dev.openpush.aws.dynamodb.DynamoDbOccurrences(
            QuarkusEmulatorResource.clients.dynamo(),
            dev.openpush.aws.Settings.fromEnvironment().tables())
        .schedule("shop", "weekly", Seeds.LAUNCHED);

    for (String started : new String[] {"1", "0"}) {
      given()
          .contentType("application/json")
          .body(Seeds.event("events/schedule/campaign-clock.json"))
          .when()
          .post("/_lambda_")
          .then()
          .statusCode(200)
          .body(equalTo(started));
    }
  }
}
