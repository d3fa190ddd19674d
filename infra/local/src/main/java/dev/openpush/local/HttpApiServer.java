package dev.openpush.local;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import dev.openpush.domain.json.Utf8;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * API Gateway's REST proxy integration, reproduced over plain HTTP: each request becomes the proxy
 * event the function receives in AWS, with the path still percent-encoded and a body that is not
 * UTF-8 passed base64-encoded, as API Gateway does. Also serves the OpenAPI document at
 * /openapi.yaml.
 */
final class HttpApiServer implements AutoCloseable {
  private static final Logger LOG = Logger.getLogger(HttpApiServer.class.getName());

  /** API Gateway's own payload limit. */
  private static final int MAX_BODY = 10 * 1024 * 1024;

  private final Vertx vertx;
  private final HttpServer server;
  private final int requestedPort;
  private final Path openApi;
  private final Function<APIGatewayProxyRequestEvent, APIGatewayProxyResponseEvent> function;

  HttpApiServer(
      int port,
      Path openApi,
      Function<APIGatewayProxyRequestEvent, APIGatewayProxyResponseEvent> function) {
    this.requestedPort = port;
    this.openApi = openApi;
    this.function = function;
    this.vertx = Vertx.vertx(new VertxOptions().setWorkerPoolSize(8));
    this.server =
        vertx.createHttpServer(
            new HttpServerOptions()
                .setHost("127.0.0.1")
                .setPort(port)
                // API Gateway takes request lines of up to 10 KB; Netty's default is 4 KB.
                .setMaxInitialLineLength(10 * 1024));
    server.requestHandler(this::handle);
  }

  int port() {
    return server.actualPort();
  }

  void start() throws IOException {
    try {
      server.listen().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      throw new IOException(
          "the local API could not listen on port " + requestedPort, e.getCause());
    } catch (Exception e) {
      throw new IOException("the local API could not start", e);
    }
  }

  private void handle(HttpServerRequest request) {
    if (request.path().equals("/openapi.yaml")) {
      vertx
          .executeBlocking(() -> Buffer.buffer(Files.readAllBytes(openApi)))
          .onSuccess(
              yaml -> request.response().putHeader("Content-Type", "application/yaml").end(yaml))
          .onFailure(e -> fail(request, e));
      return;
    }
    request
        .body()
        .compose(body -> vertx.executeBlocking(() -> function.apply(toEvent(request, body)), false))
        .onSuccess(response -> respond(request, response))
        .onFailure(e -> fail(request, e));
  }

  private static void respond(HttpServerRequest request, APIGatewayProxyResponseEvent response) {
    var out = request.response().setStatusCode(response.getStatusCode());
    if (response.getHeaders() != null) {
      response.getHeaders().forEach(out::putHeader);
    }
    String body = response.getBody();
    if (body == null || body.isEmpty()) {
      out.end();
    } else {
      out.end(body);
    }
  }

  private static void fail(HttpServerRequest request, Throwable e) {
    LOG.log(Level.WARNING, "the local gateway failed a request: {0}", e.toString());
    if (!request.response().ended()) {
      request
          .response()
          .setStatusCode(500)
          .putHeader("Content-Type", "application/json")
          .end("{\"error\":\"internal_error\",\"message\":\"the local gateway failed\"}");
    }
  }

  private static APIGatewayProxyRequestEvent toEvent(HttpServerRequest request, Buffer body) {
    if (body.length() > MAX_BODY) {
      throw new IllegalArgumentException("body over " + MAX_BODY + " bytes");
    }
    Map<String, String> headers = new HashMap<>();
    request.headers().forEach(h -> headers.putIfAbsent(h.getKey(), h.getValue()));
    Map<String, String> query = new HashMap<>();
    String rawQuery = request.query();
    if (rawQuery != null && !rawQuery.isEmpty()) {
      for (String pair : rawQuery.split("&")) {
        int eq = pair.indexOf('=');
        try {
          String key =
              URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
          String value =
              eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
          query.putIfAbsent(key, value);
        } catch (IllegalArgumentException malformed) {
          // API Gateway passes a malformed query parameter on as it came.
          query.putIfAbsent(
              eq < 0 ? pair : pair.substring(0, eq), eq < 0 ? "" : pair.substring(eq + 1));
        }
      }
    }
    APIGatewayProxyRequestEvent event =
        new APIGatewayProxyRequestEvent()
            .withHttpMethod(request.method().name())
            .withPath(request.path())
            .withHeaders(headers)
            .withQueryStringParameters(query.isEmpty() ? null : query);
    byte[] bytes = body.getBytes();
    if (bytes.length == 0) {
      return event.withIsBase64Encoded(false);
    }
    String text = Utf8.decode(bytes);
    return text != null
        ? event.withBody(text).withIsBase64Encoded(false)
        : event.withBody(Base64.getEncoder().encodeToString(bytes)).withIsBase64Encoded(true);
  }

  @Override
  public void close() {
    try {
      server.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
      vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    } catch (Exception e) {
      LOG.log(Level.FINE, "closing the local API", e);
    }
  }
}
