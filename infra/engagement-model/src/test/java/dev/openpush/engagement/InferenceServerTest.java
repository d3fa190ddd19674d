package dev.openpush.engagement;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.openpush.domain.engagement.EngagementModel;
import dev.openpush.domain.json.Json;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sagemakerruntime.SageMakerRuntimeClient;
import software.amazon.awssdk.services.sagemakerruntime.model.ModelErrorException;

/**
 * The serving contract over HTTP: SageMaker's {@code /ping} and {@code /invocations}, and the
 * Runtime API path that a real {@code SageMakerRuntimeClient} reaches through {@code
 * endpointOverride}; hostile bodies answered as errors, never a crash.
 */
class InferenceServerTest {
  private static InferenceServer server;
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static final String BATCH =
      """
      {"now": "2026-11-23T00:00:00Z", "top": 3, "instances": [
        {"userId": "ana", "timezone": "Europe/Paris", "cohort": "ios",
         "pushes": [{"at": "2026-11-17T19:10:00Z", "opened": true},
                    {"at": "2026-11-10T19:10:00Z", "opened": true},
                    {"at": "2026-11-12T09:00:00Z", "opened": false}],
         "appOpens": ["2026-11-18T19:30:00Z", "2026-11-19T19:40:00Z"]},
        {"userId": "new", "timezone": "Asia/Tokyo", "pushes": [], "appOpens": []}]}
      """;

  @BeforeAll
  static void start() throws Exception {
    server = new InferenceServer(new EngagementModel(EngagementModel.BUILT_IN), 0);
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  private static HttpResponse<String> post(String path, String body) throws Exception {
    return HTTP.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void pingAndABatchOfUsersAnswerEachUsersBestHours() throws Exception {
    var ping =
        HTTP.send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/ping"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(ping.statusCode()).isEqualTo(200);

    var answer = post("/invocations", BATCH);

    assertThat(answer.statusCode()).isEqualTo(200);
    JsonNode predictions = Json.mapper().readTree(answer.body()).get("predictions");
    assertThat(predictions).hasSize(2);
    assertThat(predictions.get(0).get("userId").asText()).isEqualTo("ana");
    // Ana opens pushes and the app on weekday evenings, 20:00-21:00 in Paris.
    JsonNode first = predictions.get(0).get("bestHours").get(0);
    assertThat(first.get("hourOfWeek").asInt() % 24).isBetween(19, 21);
    assertThat(predictions.get(1).get("bestHours")).hasSize(3);
  }

  @Test
  void theRuntimeApiPathServesTheSdksInvokeEndpoint() {
    try (SageMakerRuntimeClient runtime =
        SageMakerRuntimeClient.builder()
            .endpointOverride(URI.create("http://127.0.0.1:" + server.port()))
            .region(Region.US_EAST_1)
            .credentialsProvider(
                StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
            .httpClient(UrlConnectionHttpClient.create())
            .build()) {
      var answer =
          runtime.invokeEndpoint(
              b ->
                  b.endpointName("openpush-engagement")
                      .contentType("application/json")
                      .accept("application/json")
                      .body(SdkBytes.fromUtf8String(BATCH)));
      assertThat(answer.body().asUtf8String()).contains("\"userId\":\"ana\"");

      assertThatThrownBy(
              () ->
                  runtime.invokeEndpoint(
                      b ->
                          b.endpointName("openpush-engagement")
                              .contentType("application/json")
                              .body(SdkBytes.fromUtf8String("{\"instances\": 7}"))))
          .isInstanceOf(ModelErrorException.class);
    }
  }

  @Test
  void hostileBodiesAreRefusedWithAReason() throws Exception {
    for (String body :
        new String[] {
          "not json",
          "{}",
          "{\"instances\": [{\"userId\": \"x\"}]}",
          "{\"instances\": [{\"userId\": \"x\", \"timezone\": \"Mars/Base\"}]}",
          "{\"instances\": [{\"userId\": \"x\", \"timezone\": \"UTC\", \"pushes\": [{\"at\": \"yesterday\"}]}]}",
          "{\"now\": \"soon\", \"instances\": []}"
        }) {
      var answer = post("/invocations", body);
      assertThat(answer.statusCode()).as(body).isEqualTo(400);
      assertThat(Json.mapper().readTree(answer.body()).get("error").asText())
          .isEqualTo("invalid_request");
    }
    StringBuilder many = new StringBuilder("{\"instances\": [");
    for (int i = 0; i < InferenceServer.MAX_INSTANCES + 1; i++) {
      many.append(i == 0 ? "" : ",").append("{\"userId\":\"u\",\"timezone\":\"UTC\"}");
    }
    assertThat(post("/invocations", many.append("]}").toString()).statusCode()).isEqualTo(400);
    assertThat(post("/invocations", "x".repeat(InferenceServer.MAX_BODY + 1)).statusCode())
        .isEqualTo(413);
    assertThat(post("/nothing", "{}").statusCode()).isEqualTo(404);
  }
}
