package dev.openpush.functions.sender;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import dev.openpush.aws.Settings;
import dev.openpush.aws.dynamodb.DynamoDbDeliveryStates;
import dev.openpush.domain.campaign.CampaignStatus;
import dev.openpush.domain.delivery.Consent;
import dev.openpush.domain.delivery.DeliveryState;
import dev.openpush.domain.delivery.Send;
import dev.openpush.local.PrimingChecks;
import dev.openpush.local.QuarkusEmulatorResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The campaign-events function (the sender's package, {@code
 * QUARKUS_LAMBDA_HANDLER=campaignEvents}) on events/kinesis/campaign-events.json.
 */
@QuarkusTest
@TestProfile(CampaignEventsHandlerTest.Profile.class)
@QuarkusTestResource(QuarkusEmulatorResource.class)
class CampaignEventsHandlerTest {
  public static class Profile extends Seeds.Handler {
    public Profile() {
      super("campaignEvents");
    }
  }

  private static final String CART =
      "{'name':'Cart','segmentId':'shoppers','templateId':'cart',"
          + "'schedule':{'type':'triggered','on':{'event':'Product Added'},'delay':'PT1H',"
          + "'exitOn':{'event':'Order Completed'}},"
          + "'conversion':{'event':'Order Completed','within':'P1D'}}";

  @Test
  void anAddedProductQueuesTheCartMessageAndATapAndAnOrderCountForTheMessageSent()
      throws Exception {
    Seeds.campaign("cart-abandoned", CART, CampaignStatus.RUNNING, "run-1");
    // u-42 got the reminder of an earlier trigger at 18:01.
    new DynamoDbDeliveryStates(
            QuarkusEmulatorResource.clients.dynamo(), Settings.fromEnvironment().tables())
        .save(
            new DeliveryState(
                "shop",
                "u-42",
                Consent.NEVER_SET,
                List.of(),
                List.of(
                    new Send(
                        "cart-abandoned",
                        "run-1/evt-cart-0",
                        Instant.parse("2026-11-20T18:01:00Z"),
                        "t",
                        false)),
                0));

    given()
        .contentType("application/json")
        .body(Seeds.event("events/kinesis/campaign-events.json"))
        .when()
        .post("/_lambda_")
        .then()
        .statusCode(200)
        .body("triggered", equalTo(1))
        .body("engaged", equalTo(1))
        .body("converted", equalTo(1));
  }

  /**
   * Init-phase priming runs this function's handler on its priming event (and reads): what that
   * event does when Lambda delivers it, and what priming left in the tables, which is nothing.
   */
  @Test
  void primingTriggersAndCountsNothing() {
    given()
        .contentType("application/json")
        .body(PrimingChecks.event("campaignEvents.json"))
        .when()
        .post("/_lambda_")
        .then()
        .statusCode(200)
        .body("triggered", equalTo(0))
        .body("engaged", equalTo(0))
        .body("converted", equalTo(0));

    assertThat(PrimingChecks.leftBehind()).isEmpty();
  }
}
