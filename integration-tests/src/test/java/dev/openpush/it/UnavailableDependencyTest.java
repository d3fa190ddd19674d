package dev.openpush.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.openpush.aws.Wiring;
import dev.openpush.functions.api.ApiRequest;
import dev.openpush.functions.api.ApiResponse;
import dev.openpush.functions.api.MarketerApi;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AnonymousCredentialsProvider;
import software.amazon.awssdk.core.retry.RetryMode;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.kinesis.KinesisClient;

/**
 * A dependency that does not answer is a 503 that names it, never a bare 500: the API's clients
 * point at a port where nothing listens.
 */
class UnavailableDependencyTest {
  private static StackFixture f;
  private static URI dead;

  @BeforeAll
  static void start() throws Exception {
    f = new StackFixture();
    try (ServerSocket socket = new ServerSocket(0)) {
      dead = URI.create("http://127.0.0.1:" + socket.getLocalPort());
    }
  }

  @AfterAll
  static void stop() {
    f.close();
  }

  @Test
  void aDeadStreamIsA503NamingKinesis() {
    KinesisClient kinesis =
        KinesisClient.builder()
            .endpointOverride(dead)
            .region(Region.US_EAST_1)
            .credentialsProvider(AnonymousCredentialsProvider.create())
            .overrideConfiguration(c -> c.retryStrategy(RetryMode.STANDARD))
            .build();
    MarketerApi api =
        new MarketerApi(
            f.stack.clients.dynamo(),
            f.stack.clients.s3(),
            Wiring.eventPublisher(kinesis, f.stack.apiSettings),
            f.stack.apiSettings,
            Clock.systemUTC());

    ApiResponse response =
        api.handle(
            new ApiRequest(
                "POST",
                "/v1/apps/" + f.app + "/events",
                null,
                Map.of("Content-Type", "application/json"),
                "[{\"type\":\"track\",\"event\":\"X\",\"messageId\":\"m\",\"userId\":\"u\","
                    + "\"timestamp\":\"2026-11-20T10:00:00Z\"}]"));

    assertThat(response.status()).isEqualTo(503);
    assertThat(response.body().get("error").asText()).isEqualTo("service_unavailable");
    assertThat(response.body().get("message").asText()).startsWith("kinesis is unavailable");
    assertThat(response.headers()).containsKey("Retry-After");
  }

  @Test
  void aDeadTableStoreIsA503NamingDynamoDb() {
    DynamoDbClient dynamo =
        DynamoDbClient.builder()
            .endpointOverride(dead)
            .region(Region.US_EAST_1)
            .credentialsProvider(AnonymousCredentialsProvider.create())
            .build();
    MarketerApi api =
        new MarketerApi(
            dynamo,
            f.stack.clients.s3(),
            Wiring.eventPublisher(f.stack.clients.kinesis(), f.stack.apiSettings),
            f.stack.apiSettings,
            Clock.systemUTC());

    ApiResponse response =
        api.handle(new ApiRequest("GET", "/v1/apps/" + f.app + "/users/u", null, Map.of(), null));

    assertThat(response.status()).isEqualTo(503);
    assertThat(response.body().get("message").asText()).startsWith("dynamodb is unavailable");
  }
}
