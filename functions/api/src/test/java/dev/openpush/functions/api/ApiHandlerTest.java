package dev.openpush.functions.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import dev.openpush.local.PrimingChecks;
import dev.openpush.local.QuarkusEmulatorResource;
import dev.openpush.local.Repo;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.nio.file.Files;
import org.junit.jupiter.api.Test;

/**
 * The packaged API wiring (CDI, Quarkiverse DynamoDB client, the Kinesis client producer) with API
 * Gateway proxy events from events/api/, through the mock event server.
 */
@QuarkusTest
@QuarkusTestResource(QuarkusEmulatorResource.class)
class ApiHandlerTest {

  private static String event(String name) throws Exception {
    return Files.readString(Repo.root().resolve("events/api/" + name));
  }

  @Test
  void definesASegmentAndAnswersQueriesAboutIt() throws Exception {
    given()
        .contentType("application/json")
        .body(event("create-segment.json"))
        .when()
        .post("/_lambda_")
        .then()
        .statusCode(200)
        .body("statusCode", equalTo(201))
        .body("body", containsString("\"status\":\"building\""));

    given()
        .contentType("application/json")
        .body(event("segment-members.json"))
        .when()
        .post("/_lambda_")
        .then()
        .statusCode(200)
        .body("statusCode", equalTo(200))
        .body("body", equalTo("{\"userIds\":[],\"nextCursor\":null}"));
  }

  @Test
  void registersADeviceAsAnSnsEndpointAndKeepsConsent() throws Exception {
    given()
        .contentType("application/json")
        .body(event("register-device.json"))
        .when()
        .post("/_lambda_")
        .then()
        .statusCode(200)
        .body("statusCode", equalTo(201))
        .body("body", containsString("\"status\":\"active\""));
    // The same token again: nothing changes.
    given()
        .contentType("application/json")
        .body(event("register-device.json"))
        .when()
        .post("/_lambda_")
        .then()
        .statusCode(200)
        .body("statusCode", equalTo(200));

    given()
        .contentType("application/json")
        .body(event("set-consent.json"))
        .when()
        .post("/_lambda_")
        .then()
        .statusCode(200)
        .body("statusCode", equalTo(200))
        .body("body", containsString("\"news\":false"));
  }

  @Test
  void anUnknownUserIsAJsonNotFound() throws Exception {
    given()
        .contentType("application/json")
        .body(event("get-user.json"))
        .when()
        .post("/_lambda_")
        .then()
        .statusCode(200)
        .body("statusCode", equalTo(404))
        .body("body", containsString("\"error\":\"not_found\""));
  }

  @Test
  void eventsThroughTheFrontDoorReachTheStream() throws Exception {
    given()
        .contentType("application/json")
        .body(event("post-events.json"))
        .when()
        .post("/_lambda_")
        .then()
        .statusCode(200)
        .body("statusCode", equalTo(202))
        .body("body", equalTo("{\"accepted\":1,\"rejected\":[]}"));
  }

  /**
   * Init-phase priming runs this function's handler on its priming event (and reads): what that
   * event does when Lambda delivers it, and what priming left in the tables, which is nothing.
   */
  @Test
  void primingReadsAUserNobodyHas() {
    given()
        .contentType("application/json")
        .body(PrimingChecks.event("api-user.json"))
        .when()
        .post("/_lambda_")
        .then()
        .statusCode(200)
        .body("statusCode", equalTo(404));

    assertThat(PrimingChecks.leftBehind()).isEmpty();
  }
}
