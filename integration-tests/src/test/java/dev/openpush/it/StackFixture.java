package dev.openpush.it;

import com.fasterxml.jackson.databind.JsonNode;
import dev.openpush.domain.json.Json;
import dev.openpush.local.LocalStack;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kinesis.model.PutRecordsRequestEntry;

/**
 * A local stack of its own for one test class (uniquely named resources on the shared emulators), a
 * clock the test moves, and small helpers for the stream and the API.
 */
final class StackFixture implements AutoCloseable {
  /** An HTTP answer. */
  record Answer(int status, JsonNode body) {}

  final MovableClock clock = new MovableClock(Instant.parse("2026-11-20T12:00:00Z"));
  final LocalStack stack;
  final String app = "app" + UUID.randomUUID().toString().substring(0, 8);
  private final HttpClient http = HttpClient.newHttpClient();

  /** The x-api-key header sent with every call, or null for none. */
  volatile String apiKey;

  StackFixture() {
    this(Duration.ZERO);
  }

  /**
   * @param segmentCache how long the ingest function keeps segment definitions
   */
  StackFixture(Duration segmentCache) {
    this(segmentCache, null);
  }

  /**
   * @param apiKeys API keys and their apps ({@code k1=shop|news,k2=*}), or null for none
   */
  StackFixture(Duration segmentCache, String apiKeys) {
    String prefix = "it" + UUID.randomUUID().toString().substring(0, 8) + "-";
    stack =
        LocalStack.start(
            new LocalStack.Options(
                0, prefix, Duration.ZERO, segmentCache, apiKeys, clock, List.of(app)));
  }

  /**
   * Writes events to the stream (partition key = user or anonymous id) and waits until ingested.
   */
  void putAndAwait(List<String> events) {
    put(events);
    stack.awaitIngested(Duration.ofSeconds(60));
  }

  void put(List<String> events) {
    List<PutRecordsRequestEntry> entries = new ArrayList<>();
    for (String event : events) {
      String json = event.replace('\'', '"');
      String key;
      try {
        JsonNode node = Json.mapper().readTree(json);
        key =
            node.hasNonNull("userId")
                ? node.get("userId").asText()
                : node.path("anonymousId").asText("none");
      } catch (Exception notJson) {
        key = "malformed";
      }
      entries.add(
          PutRecordsRequestEntry.builder()
              .partitionKey(key)
              .data(SdkBytes.fromString(json, StandardCharsets.UTF_8))
              .build());
    }
    var response =
        stack
            .clients
            .kinesis()
            .putRecords(b -> b.streamName(stack.names.get("EventsStream")).records(entries));
    if (response.failedRecordCount() != null && response.failedRecordCount() > 0) {
      throw new IllegalStateException("kinesis-local refused records");
    }
  }

  String track(String user, String event, Instant at, String properties) {
    return "{'type':'track','appId':'"
        + app
        + "','event':'"
        + event
        + "','messageId':'"
        + UUID.randomUUID()
        + "','userId':'"
        + user
        + "','timestamp':'"
        + at
        + "','properties':"
        + properties
        + "}";
  }

  String identify(String user, Instant at, String traits) {
    return "{'type':'identify','appId':'"
        + app
        + "','messageId':'"
        + UUID.randomUUID()
        + "','userId':'"
        + user
        + "','timestamp':'"
        + at
        + "','traits':"
        + traits
        + "}";
  }

  Answer call(String method, String path, String body) {
    return send(
        method,
        path,
        "application/json",
        body == null ? null : body.replace('\'', '"').getBytes(StandardCharsets.UTF_8));
  }

  /** A request with exactly this content type (none when null) and body bytes. */
  Answer send(String method, String path, String contentType, byte[] body) {
    HttpResponse<String> response = sendRaw(method, path, contentType, body);
    try {
      return new Answer(
          response.statusCode(),
          response.body().isEmpty() ? null : Json.mapper().readTree(response.body()));
    } catch (Exception e) {
      throw new IllegalStateException("not a JSON answer: " + response.body(), e);
    }
  }

  HttpResponse<String> sendRaw(String method, String path, String contentType, byte[] body) {
    try {
      HttpRequest.Builder request =
          HttpRequest.newBuilder(URI.create(stack.apiUrl() + path))
              .method(
                  method,
                  body == null
                      ? HttpRequest.BodyPublishers.noBody()
                      : HttpRequest.BodyPublishers.ofByteArray(body));
      if (contentType != null) {
        request.header("Content-Type", contentType);
      }
      if (apiKey != null) {
        request.header("x-api-key", apiKey);
      }
      return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** Creates a segment and builds it, as the sweep does after every definition change. */
  void defineSegment(String id, String condition) {
    Answer created =
        call(
            "POST",
            "/v1/apps/" + app + "/segments",
            "{'id':'" + id + "','name':'" + id + "','condition':" + condition + "}");
    if (created.status() != 201) {
      throw new IllegalStateException("segment not created: " + created);
    }
    stack.sweepNow();
  }

  long size(String segmentId) {
    return call("GET", "/v1/apps/" + app + "/segments/" + segmentId + "/size", null)
        .body()
        .get("count")
        .asLong();
  }

  List<String> members(String segmentId) {
    List<String> ids = new ArrayList<>();
    call("GET", "/v1/apps/" + app + "/segments/" + segmentId + "/members?limit=1000", null)
        .body()
        .get("userIds")
        .forEach(id -> ids.add(id.asText()));
    return ids;
  }

  @Override
  public void close() {
    stack.close();
  }

  /** A clock the test moves forward, shared by every function of the stack. */
  static final class MovableClock extends Clock {
    private volatile Instant now;

    MovableClock(Instant start) {
      this.now = start;
    }

    void advance(Duration by) {
      now = now.plus(by);
    }

    Instant now() {
      return now;
    }

    @Override
    public ZoneId getZone() {
      return ZoneId.of("UTC");
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }
}
