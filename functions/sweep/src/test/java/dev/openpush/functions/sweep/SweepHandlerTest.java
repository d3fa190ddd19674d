package dev.openpush.functions.sweep;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import dev.openpush.local.PrimingChecks;
import dev.openpush.local.QuarkusEmulatorResource;
import dev.openpush.local.Repo;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.nio.file.Files;
import org.junit.jupiter.api.Test;

/** The packaged sweep wiring, run by the EventBridge event of events/schedule/sweep.json. */
@QuarkusTest
@QuarkusTestResource(QuarkusEmulatorResource.class)
class SweepHandlerTest {

  @Test
  void aScheduledRunOnAnEmptyStackFinishesAndReportsNothingDone() throws Exception {
    String event = Files.readString(Repo.root().resolve("events/schedule/sweep.json"));

    given()
        .contentType("application/json")
        .body(event)
        .when()
        .post("/_lambda_")
        .then()
        .statusCode(200)
        .body("finished", equalTo(true))
        .body("wokenUsers", equalTo(0))
        .body("membershipChanges", equalTo(0));
  }

  /**
   * Init-phase priming runs this function's handler on its priming event (and reads): what that
   * event does when Lambda delivers it, and what priming left in the tables, which is nothing.
   */
  @Test
  void primingLeavesNothingOfItsOwn() throws Exception {
    String event;
    try (var in = getClass().getResourceAsStream("/priming/sweep.json")) {
      event = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    }

    given()
        .contentType("application/json")
        .body(event)
        .when()
        .post("/_lambda_")
        .then()
        .statusCode(200);

    assertThat(
            PrimingChecks.itemsNamingThePrimingApp(
                QuarkusEmulatorResource.clients, QuarkusEmulatorResource.names))
        .isEmpty();
  }
}
