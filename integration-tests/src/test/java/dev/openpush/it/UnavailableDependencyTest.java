package dev.openpush.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.openpush.aws.Wiring;
import dev.openpush.functions.api.ApiRequest;
import dev.openpush.functions.api.ApiResponse;
import dev.openpush.functions.api.MarketerApi;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Clock;
import java.util.List;
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
            f.stack.clients.sns(),
            f.stack.clients.sqs(),
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
            f.stack.clients.sns(),
            f.stack.clients.sqs(),
            Wiring.eventPublisher(f.stack.clients.kinesis(), f.stack.apiSettings),
            f.stack.apiSettings,
            Clock.systemUTC());

    List<String> logged = new java.util.concurrent.CopyOnWriteArrayList<>();
    java.util.logging.Handler capture =
        new java.util.logging.Handler() {
          @Override
          public void publish(java.util.logging.LogRecord record) {
            logged.add(new java.util.logging.SimpleFormatter().formatMessage(record));
          }

          @Override
          public void flush() {}

          @Override
          public void close() {}
        };
    java.util.logging.Logger logger =
        java.util.logging.Logger.getLogger(MarketerApi.class.getName());
    logger.addHandler(capture);
    ApiResponse response;
    try {
      response =
          api.handle(
              new ApiRequest(
                  "GET",
                  "/v1/apps/" + f.app + "/users/secret-user",
                  null,
                  Map.of(),
                  null,
                  false,
                  "req-123"));
    } finally {
      logger.removeHandler(capture);
    }

    assertThat(response.status()).isEqualTo(503);
    assertThat(response.body().get("message").asText()).startsWith("dynamodb is unavailable");
    // Logs name the route template and the request id, never the path with its user id.
    assertThat(logged).isNotEmpty();
    assertThat(logged)
        .allSatisfy(
            line ->
                assertThat(line)
                    .contains("/v1/apps/{appId}/users/{userId}")
                    .contains("req-123")
                    .doesNotContain("secret-user"));
  }

  private static ApiResponse call(MarketerApi api, String method, String path, String body) {
    return api.handle(
        new ApiRequest(
            method,
            "/v1/apps/" + f.app + path,
            null,
            body == null ? Map.of() : Map.of("Content-Type", "application/json"),
            body,
            false,
            "req-push"));
  }

  @Test
  void aDeadPushServiceIsA503AndNoDeviceIsStored() {
    software.amazon.awssdk.services.sns.SnsClient sns =
        software.amazon.awssdk.services.sns.SnsClient.builder()
            .endpointOverride(dead)
            .region(Region.US_EAST_1)
            .credentialsProvider(AnonymousCredentialsProvider.create())
            .build();
    MarketerApi api =
        new MarketerApi(
            f.stack.clients.dynamo(),
            f.stack.clients.s3(),
            sns,
            f.stack.clients.sqs(),
            Wiring.eventPublisher(f.stack.clients.kinesis(), f.stack.apiSettings),
            f.stack.apiSettings,
            Clock.systemUTC());

    ApiResponse response =
        call(api, "PUT", "/users/nadia/devices/phone", "{\"platform\":\"APNS\",\"token\":\"t-1\"}");

    assertThat(response.status()).isEqualTo(503);
    assertThat(response.body().get("message").asText()).startsWith("sns is unavailable");
    var stored =
        f.stack
            .clients
            .dynamo()
            .getItem(
                b ->
                    b.tableName(f.stack.names.get("DeliveryTable"))
                        .key(
                            Map.of(
                                "pk",
                                software.amazon.awssdk.services.dynamodb.model.AttributeValue.fromS(
                                    f.app + "#nadia"))));
    assertThat(stored.hasItem() && !stored.item().isEmpty()).isFalse();
  }

  @Test
  void aDeadSendQueueFailsTheLaunchLoudlyAndTheCampaignCanBeLaunchedAgain() {
    software.amazon.awssdk.services.sqs.SqsClient sqs =
        software.amazon.awssdk.services.sqs.SqsClient.builder()
            .endpointOverride(dead)
            .region(Region.US_EAST_1)
            .credentialsProvider(AnonymousCredentialsProvider.create())
            .build();
    MarketerApi deadQueue =
        new MarketerApi(
            f.stack.clients.dynamo(),
            f.stack.clients.s3(),
            f.stack.clients.sns(),
            sqs,
            Wiring.eventPublisher(f.stack.clients.kinesis(), f.stack.apiSettings),
            f.stack.apiSettings,
            Clock.systemUTC());
    f.defineSegment("everyone", "{'event':'Application Opened'}");
    f.call(
        "POST",
        "/v1/apps/" + f.app + "/templates",
        "{'id':'hi','name':'Hi','title':'Hi','body':'there'}");
    f.call(
        "POST",
        "/v1/apps/" + f.app + "/campaigns",
        "{'id':'c1','name':'n','segmentId':'everyone','templateId':'hi','schedule':{'type':'immediate'}}");

    ApiResponse failed = call(deadQueue, "POST", "/campaigns/c1/launch", null);
    var afterFailure = f.call("GET", "/v1/apps/" + f.app + "/campaigns/c1", null).body();
    var launched = f.call("POST", "/v1/apps/" + f.app + "/campaigns/c1/launch", null);

    assertThat(failed.status()).isEqualTo(503);
    assertThat(failed.body().get("message").asText()).startsWith("sqs is unavailable");
    // The run was taken back: nothing would have worked it.
    assertThat(afterFailure.get("status").asText()).isEqualTo("draft");
    assertThat(launched.status()).isEqualTo(202);
    assertThat(launched.body().get("status").asText()).isEqualTo("running");
  }
}
