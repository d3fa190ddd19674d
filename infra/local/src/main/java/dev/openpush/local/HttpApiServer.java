package dev.openpush.local;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.function.Function;

/**
 * API Gateway's REST proxy integration, reproduced over plain HTTP: each request becomes the proxy
 * event the function receives in AWS. Also serves the OpenAPI document at /openapi.yaml.
 */
final class HttpApiServer implements AutoCloseable {
  private static final int MAX_BODY = 10 * 1024 * 1024;

  private final HttpServer server;

  HttpApiServer(
      int port,
      Path openApi,
      Function<APIGatewayProxyRequestEvent, APIGatewayProxyResponseEvent> function)
      throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 64);
    server.setExecutor(Executors.newFixedThreadPool(8));
    server.createContext(
        "/openapi.yaml",
        exchange -> {
          byte[] body = Files.readAllBytes(openApi);
          exchange.getResponseHeaders().add("Content-Type", "application/yaml");
          exchange.sendResponseHeaders(200, body.length);
          try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
          }
        });
    server.createContext(
        "/",
        exchange -> {
          try (exchange) {
            APIGatewayProxyResponseEvent response = function.apply(toEvent(exchange));
            byte[] body =
                response.getBody() == null
                    ? new byte[0]
                    : response.getBody().getBytes(StandardCharsets.UTF_8);
            if (response.getHeaders() != null) {
              response.getHeaders().forEach((k, v) -> exchange.getResponseHeaders().add(k, v));
            }
            exchange.sendResponseHeaders(
                response.getStatusCode(), body.length == 0 ? -1 : body.length);
            if (body.length > 0) {
              try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
              }
            }
          } catch (RuntimeException e) {
            byte[] body =
                "{\"error\":\"internal_error\",\"message\":\"the local gateway failed\"}"
                    .getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(500, body.length);
            exchange.getResponseBody().write(body);
          }
        });
  }

  int port() {
    return server.getAddress().getPort();
  }

  void start() {
    server.start();
  }

  private static APIGatewayProxyRequestEvent toEvent(HttpExchange exchange) throws IOException {
    Map<String, String> headers = new HashMap<>();
    exchange.getRequestHeaders().forEach((k, v) -> headers.put(k, v.isEmpty() ? "" : v.get(0)));
    Map<String, String> query = new HashMap<>();
    String rawQuery = exchange.getRequestURI().getRawQuery();
    if (rawQuery != null && !rawQuery.isEmpty()) {
      for (String pair : rawQuery.split("&")) {
        int eq = pair.indexOf('=');
        String key =
            URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
        String value =
            eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
        query.putIfAbsent(key, value);
      }
    }
    String body;
    try (InputStream in = exchange.getRequestBody()) {
      byte[] bytes = in.readNBytes(MAX_BODY + 1);
      body = bytes.length == 0 ? null : new String(bytes, StandardCharsets.UTF_8);
    }
    return new APIGatewayProxyRequestEvent()
        .withHttpMethod(exchange.getRequestMethod())
        .withPath(exchange.getRequestURI().getRawPath())
        .withHeaders(headers)
        .withQueryStringParameters(query.isEmpty() ? null : query)
        .withBody(body)
        .withIsBase64Encoded(false);
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
