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
   * Init-phase priming reads the schedule's event and makes reads of its own, without invoking the
   * sweep: the event still runs a sweep when Lambda delivers it, and priming left nothing in the
   * tables.
   */
  @Test
  void primingLeavesNothingOfItsOwn() {
    given()
        .contentType("application/json")
        .body(PrimingChecks.event("sweep.json"))
        .when()
        .post("/_lambda_")
        .then()
        .statusCode(200);

    assertThat(PrimingChecks.leftBehind()).isEmpty();
  }
}
