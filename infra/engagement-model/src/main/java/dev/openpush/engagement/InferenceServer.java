package dev.openpush.engagement;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.openpush.domain.engagement.EngagementHistory;
import dev.openpush.domain.engagement.EngagementHistoryJson;
import dev.openpush.domain.engagement.EngagementModel;
import dev.openpush.domain.engagement.EngagementWindow;
import dev.openpush.domain.json.Json;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.Instant;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Executors;

/**
 * The model behind SageMaker's container contract: {@code GET /ping} answers 200 once the model is
 * loaded, {@code POST /invocations} takes a JSON batch of users' histories and answers each one's
 * best hours. Locally the same server answers the Runtime API's path, {@code POST
 * /endpoints/{name}/invocations}, so that a real {@code SageMakerRuntimeClient} reaches it through
 * {@code endpointOverride}.
 *
 * <p>In: {@code {"now"?, "top"?: 1-24, "explore"?: bool, "instances": [{"userId", "timezone",
 * "cohort"?, "pushes": [{"at", "opened"}], "appOpens": [at]}]}}. Out: {@code {"modelVersion",
 * "predictions": [{"userId", "bestHours": [{"hourOfWeek", "score"}]}]}}. A body that cannot be read
 * is a 400 with a JSON reason (SageMaker passes it on as a model error); bodies over SageMaker's 6
 * MB limit are refused with 413.
 */
public final class InferenceServer implements AutoCloseable {
  static final int MAX_BODY = 6 * 1024 * 1024;
  static final int MAX_INSTANCES = 1_000;

  private final EngagementModel model;
  private final HttpServer server;
  private final Random random = new Random();

  public InferenceServer(EngagementModel model, int port) throws IOException {
    this.model = model;
    this.server = HttpServer.create(new InetSocketAddress(port), 0);
    server.createContext("/ping", this::ping);
    server.createContext("/invocations", this::invocations);
    server.createContext("/endpoints/", this::invocations);
    server.setExecutor(Executors.newFixedThreadPool(Runtime.getRuntime().availableProcessors()));
    server.start();
  }

  public int port() {
    return server.getAddress().getPort();
  }

  private void ping(HttpExchange exchange) throws IOException {
    answer(exchange, 200, Json.object().put("status", "ok"));
  }

  private void invocations(HttpExchange exchange) throws IOException {
    String path = exchange.getRequestURI().getPath();
    if (!"POST".equals(exchange.getRequestMethod())
        || !(path.equals("/invocations") || path.matches("/endpoints/[^/]+/invocations"))) {
      answer(exchange, 404, error("not_found", "POST /invocations"));
      return;
    }
    byte[] body;
    try (InputStream in = exchange.getRequestBody()) {
      body = in.readNBytes(MAX_BODY + 1);
    }
    // The container answers 4xx itself; as the Runtime API, a model's refusal is a 424 ModelError.
    boolean runtime = path.startsWith("/endpoints/");
    if (body.length > MAX_BODY) {
      answer(exchange, runtime ? 424 : 413, error("payload_too_large", "at most 6 MB a batch"));
      return;
    }
    try {
      answer(exchange, 200, predict(Json.mapper().readTree(body)));
    } catch (IOException | IllegalArgumentException | DateTimeException e) {
      answer(
          exchange, runtime ? 424 : 400, error("invalid_request", String.valueOf(e.getMessage())));
    }
  }

  ObjectNode predict(JsonNode request) {
    if (request == null || !request.path("instances").isArray()) {
      throw new IllegalArgumentException("instances must be an array");
    }
    if (request.path("instances").size() > MAX_INSTANCES) {
      throw new IllegalArgumentException("at most " + MAX_INSTANCES + " instances a batch");
    }
    Instant now =
        request.hasNonNull("now") ? Instant.parse(request.get("now").asText()) : Instant.now();
    int top = Math.max(1, Math.min(24, request.path("top").asInt(5)));
    boolean explore = request.path("explore").asBoolean(false);
    ObjectNode out = Json.object();
    out.put("modelVersion", model.parameters().version());
    ArrayNode predictions = out.putArray("predictions");
    for (JsonNode instance : request.get("instances")) {
      EngagementHistory history = EngagementHistoryJson.read(instance);
      List<EngagementWindow.BestHour> best =
          explore ? model.explore(history, now, top, random) : model.best(history, now, top);
      ObjectNode prediction = predictions.addObject().put("userId", history.userId());
      ArrayNode hours = prediction.putArray("bestHours");
      best.forEach(
          b ->
              hours
                  .addObject()
                  .put("hourOfWeek", b.hourOfWeek())
                  .put("score", Math.round(b.score() * 1e4) / 1e4));
    }
    return out;
  }

  private static ObjectNode error(String code, String message) {
    return Json.object().put("error", code).put("message", message);
  }

  private static void answer(HttpExchange exchange, int status, JsonNode body) throws IOException {
    byte[] bytes = body.toString().getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().add("Content-Type", "application/json");
    if (status == 424) {
      // What the SDK reads as ModelErrorException.
      exchange.getResponseHeaders().add("x-amzn-ErrorType", "ModelError");
    }
    exchange.sendResponseHeaders(status, bytes.length);
    exchange.getResponseBody().write(bytes);
    exchange.close();
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
