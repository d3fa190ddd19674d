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
 * The segment-entries function (the sender's package, {@code
 * QUARKUS_LAMBDA_HANDLER=segmentEntries}) on events/dynamodb/member-entered.json.
 */
@QuarkusTest
@TestProfile(SegmentEntriesHandlerTest.Profile.class)
@QuarkusTestResource(QuarkusEmulatorResource.class)
class SegmentEntriesHandlerTest {
  public static class Profile extends Seeds.Handler {
    public Profile() {
      super("segmentEntries");
    }
  }

  @Test
  void anEntryIntoTheSegmentQueuesTheWelcome() throws Exception {
    Seeds.campaign(
        "vip-welcome",
        "{'name':'VIP','segmentId':'vip','templateId':'welcome',"
            + "'schedule':{'type':'triggered','on':{'segmentEntry':'vip'}}}",
        CampaignStatus.RUNNING,
        "run-1");

    given()
        .contentType("application/json")
        .body(Seeds.event("events/dynamodb/member-entered.json"))
        .when()
        .post("/_lambda_")
        .then()
        .statusCode(200)
        .body(equalTo("1"));
  }
}
