package dev.openpush.functions.sender;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import dev.openpush.domain.campaign.CampaignStatus;
import dev.openpush.local.PrimingChecks;
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

    // What is not an entry queues nothing and fails nothing: an exit, the same entry written
    // again, a counter, keys or times that cannot be read, an empty record.
    String record = "{'eventName':'%s','dynamodb':{'Keys':{'pk':{'S':'%s'},'sk':{'S':'%s'}}%s}}";
    String notEntries =
        "{'Records':["
            + String.join(
                ",",
                record.formatted(
                    "REMOVE", "shop#vip#07", "u#u-1", ",'OldImage':{'enteredAt':{'N':'1'}}"),
                record.formatted(
                    "MODIFY",
                    "shop#vip#07",
                    "u#u-2",
                    ",'OldImage':{'enteredAt':{'N':'5'}},'NewImage':{'enteredAt':{'N':'5'}}"),
                record.formatted("INSERT", "shop#vip", "#count#03", ",'NewImage':{'n':{'N':'1'}}"),
                record.formatted(
                    "INSERT", "shop#vip#07", "u#u-3", ",'NewImage':{'enteredAt':{'N':'x'}}"),
                record.formatted(
                    "INSERT", "nohash", "u#u-4", ",'NewImage':{'enteredAt':{'N':'9'}}"),
                "{'eventName':'INSERT','dynamodb':{}}")
            + "]}";
    given()
        .contentType("application/json")
        .body(notEntries.replace('\'', '"'))
        .when()
        .post("/_lambda_")
        .then()
        .statusCode(200)
        .body(equalTo("0"));
  }

  /**
   * Init-phase priming runs this function's handler on its priming event (and reads): what that
   * event does when Lambda delivers it, and what priming left in the tables, which is nothing.
   */
  @Test
  void primingQueuesNothing() {
    given()
        .contentType("application/json")
        .body(PrimingChecks.event("segmentEntries.json"))
        .when()
        .post("/_lambda_")
        .then()
        .statusCode(200)
        .body(equalTo("0"));

    assertThat(PrimingChecks.leftBehind()).isEmpty();
  }
}
