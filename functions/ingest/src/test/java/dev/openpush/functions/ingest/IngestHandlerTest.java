package dev.openpush.functions.ingest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.empty;

import dev.openpush.local.PrimingChecks;
import dev.openpush.local.QuarkusEmulatorResource;
import dev.openpush.local.Repo;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The packaged wiring (Quarkus CDI, Quarkiverse clients, configuration) with the Kinesis event
 * exactly as AWS delivers it, from events/kinesis/batch.json, through the mock event server.
 */
@QuarkusTest
@QuarkusTestResource(QuarkusEmulatorResource.class)
class IngestHandlerTest {

  @Test
  void aRealKinesisEventUpdatesProfilesAndDeadLettersTheMalformedRecord() throws Exception {
    String event = Files.readString(Repo.root().resolve("events/kinesis/batch.json"));

    given()
        .contentType("application/json")
        .body(event)
        .when()
        .post("/_lambda_")
        .then()
        .statusCode(200)
        .body("batchItemFailures", empty());

    Map<String, AttributeValue> known =
        QuarkusEmulatorResource.clients
            .dynamo()
            .getItem(
                b ->
                    b.tableName(QuarkusEmulatorResource.names.get("ProfilesTable"))
                        .key(Map.of("pk", AttributeValue.fromS("shop#u-42"))))
            .item();
    assertThat(known).containsKey("body");
    Map<String, AttributeValue> mergedAway =
        QuarkusEmulatorResource.clients
            .dynamo()
            .getItem(
                b ->
                    b.tableName(QuarkusEmulatorResource.names.get("ProfilesTable"))
                        .key(Map.of("pk", AttributeValue.fromS("shop#a-9"))))
            .item();
    assertThat(mergedAway).as("the anonymous profile became a pointer").containsKey("v");
    List<String> letters =
        QuarkusEmulatorResource.clients
            .s3()
            .listObjectsV2(b -> b.bucket(QuarkusEmulatorResource.names.get("DeadLetterBucket")))
            .contents()
            .stream()
            .map(o -> o.key())
            .toList();
    assertThat(letters)
        .singleElement()
        .asString()
        .endsWith("49590780633589114971582798765400992636521636020004.json");
  }

  /**
   * Init-phase priming runs this function's handler on its priming event (and reads): what that
   * event does when Lambda delivers it, and what priming left in the tables, which is nothing.
   */
  @Test
  void primingWritesNothing() {
    given()
        .contentType("application/json")
        .body(PrimingChecks.event("ingest.json"))
        .when()
        .post("/_lambda_")
        .then()
        .statusCode(200)
        .body("batchItemFailures", empty());

    assertThat(PrimingChecks.leftBehind()).isEmpty();
  }
}
