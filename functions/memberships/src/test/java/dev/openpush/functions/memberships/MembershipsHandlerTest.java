package dev.openpush.functions.memberships;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.openpush.local.PrimingChecks;
import dev.openpush.local.QuarkusEmulatorResource;
import dev.openpush.local.Repo;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.nio.file.Files;
import org.junit.jupiter.api.Test;

/**
 * The packaged memberships wiring, run by the stream event of events/dynamodb/profile-written.json
 * as Lambda delivers it (binary attributes in base64): one exit and one entry become two member
 * item writes on the emulated tables.
 */
@QuarkusTest
@QuarkusTestResource(QuarkusEmulatorResource.class)
class MembershipsHandlerTest {

  @Test
  void aProfileWriteThatMovesTwoMembershipsWritesTwoMemberItems() throws Exception {
    String event = Files.readString(Repo.root().resolve("events/dynamodb/profile-written.json"));

    given()
        .contentType("application/json")
        .body(event)
        .when()
        .post("/_lambda_")
        .then()
        .statusCode(200)
        .body("profileWrites", equalTo(1))
        .body("memberItems", equalTo(2))
        .body("undecodable", equalTo(0));
  }

  @Test
  void aProfileWriteWithDamagedMembershipsIsCountedAndTheRestOfTheBatchIsProjected()
      throws Exception {
    ObjectMapper json = new ObjectMapper();
    ObjectNode event =
        (ObjectNode)
            json.readTree(
                Files.readString(Repo.root().resolve("events/dynamodb/profile-written.json")));
    ArrayNode records = (ArrayNode) event.get("Records");
    ObjectNode damaged = records.get(0).deepCopy();
    // Format byte 0 and nothing after it: no codec reads that.
    ((ObjectNode) damaged.at("/dynamodb/NewImage/m")).put("B", "AA==");
    ((ObjectNode) damaged.at("/dynamodb/NewImage/uid")).put("S", "max");
    ((ObjectNode) damaged.at("/dynamodb/OldImage/uid")).put("S", "max");
    records.insert(0, damaged);

    given()
        .contentType("application/json")
        .body(json.writeValueAsString(event))
        .when()
        .post("/_lambda_")
        .then()
        .statusCode(200)
        .body("profileWrites", equalTo(1))
        .body("memberItems", equalTo(2))
        .body("undecodable", equalTo(1));
  }

  /**
   * Init-phase priming runs this function's handler on its priming event (and reads): what that
   * event does when Lambda delivers it, and what priming left in the tables, which is nothing.
   */
  @Test
  void primingProjectsNothing() {
    given()
        .contentType("application/json")
        .body(PrimingChecks.event("memberships.json"))
        .when()
        .post("/_lambda_")
        .then()
        .statusCode(200)
        .body("memberItems", equalTo(0))
        .body("undecodable", equalTo(0));

    assertThat(PrimingChecks.leftBehind()).isEmpty();
  }
}
