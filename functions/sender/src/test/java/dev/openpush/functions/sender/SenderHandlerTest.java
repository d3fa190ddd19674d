package dev.openpush.functions.sender;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.hasSize;

import dev.openpush.local.PrimingChecks;
import dev.openpush.local.QuarkusEmulatorResource;
import dev.openpush.local.Repo;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.nio.file.Files;
import org.junit.jupiter.api.Test;

/**
 * The packaged sender wiring, run by the SQS event of events/sqs/send-task.json as Lambda delivers
 * it: a task of a campaign that does not exist is done (nothing to send), a body that is not a task
 * is reported as failed, so that SQS retries it and then dead-letters it.
 */
@QuarkusTest
@QuarkusTestResource(QuarkusEmulatorResource.class)
class SenderHandlerTest {

  @Test
  void aPoisonMessageIsReportedAndTheRestOfTheBatchIsDone() throws Exception {
    String event = Files.readString(Repo.root().resolve("events/sqs/send-task.json"));

    given()
        .contentType("application/json")
        .body(event)
        .when()
        .post("/_lambda_")
        .then()
        .statusCode(200)
        .body("batchItemFailures", hasSize(1))
        .body("batchItemFailures.itemIdentifier", contains("2e1424d4-f796-459a-8184-9c92662be6da"));
  }

  /**
   * Init-phase priming runs this function's handler on its priming event (and reads): what that
   * event does when Lambda delivers it, and what priming left in the tables, which is nothing.
   */
  @Test
  void primingSendsNothing() {
    given()
        .contentType("application/json")
        .body(PrimingChecks.event("sender.json"))
        .when()
        .post("/_lambda_")
        .then()
        .statusCode(200)
        .body("batchItemFailures", hasSize(0));

    assertThat(PrimingChecks.leftBehind()).isEmpty();
  }
}
