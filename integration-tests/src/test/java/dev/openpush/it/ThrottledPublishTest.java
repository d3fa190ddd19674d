package dev.openpush.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.openpush.aws.sns.SnsPublisher;
import dev.openpush.domain.delivery.PublishResult;
import dev.openpush.local.Emulators;
import java.net.InetSocketAddress;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkServiceException;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.http.nio.netty.NettyNioAsyncHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sns.SnsAsyncClient;
import software.amazon.awssdk.services.sns.SnsClient;

/**
 * SNS throttling, which moto cannot produce, injected at the SDK: the sender's async client sends
 * its first Publish attempts to a stub that answers SNS's "Throttling" error. The SDK retries them
 * with back-off and jitter, and the message goes out once; throttling that outlasts the retries is
 * a loud failure.
 */
class ThrottledPublishTest {

  /**
   * SNS in front of the emulator: answers the first {@code throttled} requests with SNS's
   * throttling error and passes the rest on. A throttled attempt never reaches the emulator, which
   * would store its message.
   */
  private static final class Throttle implements ExecutionInterceptor, AutoCloseable {
    private final AtomicInteger remaining;
    final AtomicInteger attempts = new AtomicInteger();
    private final HttpServer server;

    Throttle(int throttled) {
      remaining = new AtomicInteger(throttled);
      try {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
      } catch (java.io.IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
      server.createContext("/", this::answer);
      server.start();
    }

    private void answer(HttpExchange exchange) throws java.io.IOException {
      byte[] request = exchange.getRequestBody().readAllBytes();
      attempts.incrementAndGet();
      int status;
      byte[] body;
      String type;
      if (remaining.getAndDecrement() > 0) {
        status = 400;
        type = "text/xml";
        body =
            ("<ErrorResponse><Error><Type>Sender</Type><Code>Throttling</Code>"
                    + "<Message>Rate exceeded</Message></Error><RequestId>r</RequestId></ErrorResponse>")
                .getBytes(StandardCharsets.UTF_8);
      } else {
        HttpRequest.Builder forward =
            HttpRequest.newBuilder(
                    Emulators.shared().awsEndpoint.resolve(exchange.getRequestURI().toString()))
                .method(
                    exchange.getRequestMethod(), HttpRequest.BodyPublishers.ofByteArray(request));
        for (String header : List.of("Content-Type", "Authorization", "X-Amz-Date")) {
          String value = exchange.getRequestHeaders().getFirst(header);
          if (value != null) {
            forward.header(header, value);
          }
        }
        try {
          HttpResponse<byte[]> answer =
              HttpClient.newHttpClient()
                  .send(forward.build(), HttpResponse.BodyHandlers.ofByteArray());
          status = answer.statusCode();
          body = answer.body();
          type = answer.headers().firstValue("Content-Type").orElse("text/xml");
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new java.io.IOException(e);
        }
      }
      exchange.getResponseHeaders().add("Content-Type", type);
      exchange.sendResponseHeaders(status, body.length);
      exchange.getResponseBody().write(body);
      exchange.close();
    }

    @Override
    public SdkHttpRequest modifyHttpRequest(
        Context.ModifyHttpRequest context, ExecutionAttributes attributes) {
      if (!"Publish".equals(attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME))) {
        return context.httpRequest();
      }
      return context.httpRequest().toBuilder()
          .host("127.0.0.1")
          .port(server.getAddress().getPort())
          .build();
    }

    @Override
    public void close() {
      server.stop(0);
    }
  }

  /** The sender's client: async, its Publish attempts sent through the throttle. */
  private static SnsAsyncClient publisher(Throttle throttle) {
    return SnsAsyncClient.builder()
        .endpointOverride(Emulators.shared().awsEndpoint)
        .region(Region.US_EAST_1)
        .credentialsProvider(
            StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
        .httpClient(NettyNioAsyncHttpClient.create())
        .overrideConfiguration(c -> c.addExecutionInterceptor(throttle))
        .build();
  }

  private static SnsClient sns(Throttle throttle) {
    return SnsClient.builder()
        .endpointOverride(Emulators.shared().awsEndpoint)
        .region(Region.US_EAST_1)
        .credentialsProvider(
            StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
        .httpClient(ApacheHttpClient.create())
        .overrideConfiguration(c -> c.addExecutionInterceptor(throttle))
        .build();
  }

  private static String endpoint(SnsClient sns, String app) {
    String application =
        sns.createPlatformApplication(
                b ->
                    b.name("openpush-" + app + "-APNS")
                        .platform("APNS")
                        .attributes(Map.of("PlatformCredential", "c", "PlatformPrincipal", "p")))
            .platformApplicationArn();
    return sns.createPlatformEndpoint(
            b -> b.platformApplicationArn(application).token(app + "-token"))
        .endpointArn();
  }

  @Test
  void aThrottledPublishIsRetriedAndDeliveredOnce() {
    try (Throttle throttle = new Throttle(2);
        SnsClient sns = sns(throttle);
        SnsAsyncClient async = publisher(throttle)) {
      String app = "t" + UUID.randomUUID().toString().substring(0, 8);
      String endpoint = endpoint(sns, app);

      PublishResult result =
          new SnsPublisher(async).publish(endpoint, "{\"default\":\"hi\",\"APNS\":\"{}\"}").join();

      assertThat(result).isInstanceOf(PublishResult.Accepted.class);
      assertThat(throttle.attempts.get()).isEqualTo(3);
      assertThat(PushMessages.to(endpoint)).hasSize(1);
    }
  }

  @Test
  void throttlingThatOutlastsTheRetriesFailsLoudly() {
    try (Throttle throttle = new Throttle(100);
        SnsClient sns = sns(throttle);
        SnsAsyncClient async = publisher(throttle)) {
      String app = "t" + UUID.randomUUID().toString().substring(0, 8);
      String endpoint = endpoint(sns, app);

      assertThatThrownBy(
              () ->
                  new SnsPublisher(async)
                      .publish(endpoint, "{\"default\":\"hi\",\"APNS\":\"{}\"}")
                      .join())
          .isInstanceOf(CompletionException.class)
          .cause()
          .isInstanceOf(SdkServiceException.class)
          .satisfies(e -> assertThat(((SdkServiceException) e).isThrottlingException()).isTrue());
      assertThat(throttle.attempts.get()).isGreaterThan(1);
      assertThat(PushMessages.to(endpoint)).isEmpty();
    }
  }
}
