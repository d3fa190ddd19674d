package dev.openpush.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What a hostile or careless client sends, through the local gateway into the real handlers: every
 * answer is a JSON 4xx that says what was wrong, and nothing it sends breaks a later read.
 */
class HostileInputTest {
  private static StackFixture f;

  @BeforeAll
  static void start() {
    f = new StackFixture();
  }

  @AfterAll
  static void stop() {
    f.close();
  }

  private String base() {
    return "/v1/apps/" + f.app;
  }

  private String event(String userId, String properties) {
    return "{'type':'track','appId':'"
        + f.app
        + "','event':'Order Completed','messageId':'m-"
        + java.util.UUID.randomUUID()
        + "','userId':"
        + userId
        + ",'timestamp':'"
        + f.clock.now().minus(Duration.ofMinutes(5))
        + "','properties':"
        + properties
        + "}";
  }

  @Test
  void numbersOutsideTheDomainAreRejectedAndNeverBreakReadsPreviewsOrBuilds() {
    var posted =
        f.call(
            "POST",
            base() + "/events",
            "["
                + event("'rich'", "{'revenue':1e999999999}")
                + ","
                + event("'fine'", "{'revenue':59.9}")
                + "]");
    assertThat(posted.status()).isEqualTo(202);
    assertThat(posted.body().get("accepted").asInt()).isEqualTo(1);
    assertThat(posted.body().at("/rejected/0/index").asInt()).isZero();
    assertThat(posted.body().at("/rejected/0/error").asText())
        .startsWith("properties.revenue is outside the supported range");
    f.stack.awaitIngested(Duration.ofSeconds(60));

    assertThat(f.call("GET", base() + "/users/fine", null).status()).isEqualTo(200);
    assertThat(f.call("GET", base() + "/users/fine/export", null).status()).isEqualTo(200);
    var preview =
        f.call(
            "POST",
            base() + "/segments/preview",
            "{'condition':{'computed':'monetary90d','op':'gt','value':10}}");
    assertThat(preview.status()).isEqualTo(200);
    assertThat(preview.body().get("sampleUserIds").toString()).contains("fine");
    f.defineSegment("spenders", "{'computed':'monetary90d','op':'gt','value':10}");
    assertThat(f.call("GET", base() + "/segments/spenders", null).body().get("status").asText())
        .isEqualTo("live");
  }

  @Test
  void cursorsTheServerDidNotIssueForThatListAreRefused() {
    for (int i = 0; i < 3; i++) {
      f.defineSegment("page-" + i, "{'trait':'x','op':'exists'}");
    }
    String issued =
        f.call("GET", base() + "/segments?limit=1", null).body().get("nextCursor").asText();
    assertThat(f.call("GET", base() + "/segments?limit=1&cursor=" + issued, null).status())
        .isEqualTo(200);

    String otherApp = "/v1/apps/other-" + f.app;
    String forged =
        Base64.getUrlEncoder().withoutPadding().encodeToString("{\"foo\":\"bar\"}".getBytes());
    for (String path :
        List.of(
            base() + "/segments?cursor=eyJmb28iOiJiYXIifQ",
            base() + "/segments?cursor=" + forged,
            otherApp + "/segments?cursor=" + issued,
            base() + "/segments/page-0/members?cursor=" + issued,
            base() + "/segments?cursor=" + "A".repeat(5_000))) {
      var answer = f.call("GET", path, null);
      String shown = path.length() > 200 ? path.substring(0, 200) + "..." : path;
      assertThat(answer.status()).as(shown).isEqualTo(400);
      assertThat(answer.body().get("error").asText()).as(shown).isEqualTo("invalid_cursor");
    }
  }

  @Test
  void definitionsOverTheLimitsAreRefusedNamingTheLimit() {
    StringBuilder huge = new StringBuilder("[");
    for (int i = 0; i < 100_000; i++) {
      huge.append(i == 0 ? "" : ",").append("'value-").append(i).append("'");
    }
    huge.append("]");
    var tooLarge =
        f.call(
            "POST",
            base() + "/segments",
            "{'name':'huge','condition':{'trait':'t','op':'in','value':" + huge + "}}");
    assertThat(tooLarge.status()).isEqualTo(413);
    assertThat(tooLarge.body().get("message").asText()).contains("65536 bytes");

    StringBuilder many = new StringBuilder("[");
    for (int i = 0; i < 1_001; i++) {
      many.append(i == 0 ? "" : ",").append(i);
    }
    var tooMany =
        f.call(
            "POST",
            base() + "/segments",
            "{'name':'many','condition':{'trait':'t','op':'in','value':" + many + "]}}");
    assertThat(tooMany.status()).isEqualTo(400);
    assertThat(tooMany.body().get("message").asText()).contains("at most 1000 values");

    var longWindow =
        f.call(
            "POST",
            base() + "/segments",
            "{'name':'w','condition':{'event':'X','within':'P999999999D'}}");
    assertThat(longWindow.status()).isEqualTo(400);
    assertThat(longWindow.body().get("message").asText()).contains("at most P400D");
  }

  @Test
  void userIdsWithControlCharactersAreRefusedByIngestAndTheApiAlike() {
    var posted =
        f.call(
            "POST",
            base() + "/events",
            "[" + event("'jane\\u0001doe'", "{}") + "," + event("'tab\\tuser'", "{}") + "]");
    assertThat(posted.body().get("accepted").asInt()).isZero();
    assertThat(posted.body().get("rejected").toString()).contains("control characters");

    var erase = f.call("DELETE", base() + "/users/jane%01doe", null);
    assertThat(erase.status()).isEqualTo(400);
    assertThat(erase.body().get("message").asText()).contains("control characters");
  }

  @Test
  void everyIdIngestAcceptsCanBeReadExportedAndErased() {
    String odd = "a+b c/d%e@ü";
    f.putAndAwait(List.of(event("'" + odd + "'", "{'revenue':1}")));
    String path = base() + "/users/" + encode(odd);
    var read = f.call("GET", path, null);
    assertThat(read.status()).as(read.toString()).isEqualTo(200);
    assertThat(read.body().get("userId").asText()).isEqualTo(odd);
    assertThat(f.call("GET", path + "/export", null).status()).isEqualTo(200);
    assertThat(f.call("DELETE", path, null).status()).isEqualTo(204);
    assertThat(f.call("GET", path, null).status()).isEqualTo(404);
  }

  @Test
  void aPlusInThePathIsAPlus() {
    f.defineSegment("vip+gold", "{'trait':'tier','op':'eq','value':'gold'}");
    var read = f.call("GET", base() + "/segments/vip+gold", null);
    assertThat(read.status()).isEqualTo(200);
    assertThat(read.body().get("id").asText()).isEqualTo("vip+gold");
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"/users/%zz", "/users/%e2%82", "/segments/%"})
  void malformedEscapesInThePathAreJsonBadRequests(String suffix) throws Exception {
    String request =
        "GET " + base() + suffix + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n";
    try (Socket socket = new Socket("127.0.0.1", f.stack.apiUrl().getPort())) {
      OutputStream out = socket.getOutputStream();
      out.write(request.getBytes(StandardCharsets.US_ASCII));
      out.flush();
      InputStream in = socket.getInputStream();
      String response = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      assertThat(response).startsWith("HTTP/1.1 400");
      assertThat(response.toLowerCase()).contains("content-type: application/json");
      assertThat(response).contains("\"error\":\"invalid_request\"");
    }
  }

  @Test
  void bodiesMustBeJsonInUtf8() {
    String body = "{\"name\":\"n\",\"condition\":{\"trait\":\"a\",\"op\":\"exists\"}}";
    var textPlain =
        f.send("POST", base() + "/segments", "text/plain", body.getBytes(StandardCharsets.UTF_8));
    assertThat(textPlain.status()).isEqualTo(415);
    assertThat(textPlain.body().get("error").asText()).isEqualTo("unsupported_media_type");
    assertThat(
            f.send("POST", base() + "/segments", null, body.getBytes(StandardCharsets.UTF_8))
                .status())
        .isEqualTo(415);
    assertThat(
            f.send(
                    "POST",
                    base() + "/segments",
                    "application/json; charset=utf-8",
                    body.getBytes(StandardCharsets.UTF_8))
                .status())
        .isEqualTo(201);

    byte[] invalidUtf8 =
        "{\"name\":\"\u00ff\",\"condition\":{\"trait\":\"a\",\"op\":\"exists\"}}"
            .getBytes(StandardCharsets.ISO_8859_1);
    var answer = f.send("POST", base() + "/segments", "application/json", invalidUtf8);
    assertThat(answer.status()).isEqualTo(400);
    assertThat(answer.body().get("message").asText()).contains("UTF-8");
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"..", ".", ".hidden"})
  void segmentIdsThatPathsWouldResolveAreRefused(String id) {
    var answer =
        f.call(
            "POST",
            base() + "/segments",
            "{'id':'" + id + "','name':'n','condition':{'trait':'a','op':'exists'}}");
    assertThat(answer.status()).isEqualTo(400);
    assertThat(answer.body().get("message").asText()).contains("must not start with a dot");
  }

  @Test
  void eventsOutsideTheTimestampWindowAreRejectedWithTheReason() {
    String past =
        "{'type':'track','event':'X','messageId':'old','userId':'u','timestamp':'0001-01-01T00:00:00Z'}";
    String future =
        "{'type':'track','event':'X','messageId':'new','userId':'u','timestamp':'9999-12-31T23:59:59Z'}";
    JsonNode body = f.call("POST", base() + "/events", "[" + past + "," + future + "]").body();
    assertThat(body.get("accepted").asInt()).isZero();
    assertThat(body.at("/rejected/0/error").asText()).contains("before 2000-01-01");
    assertThat(body.at("/rejected/1/error").asText()).contains("ahead of the time received");
  }

  @Test
  void aDeletedSegmentsIdCanBeUsedAgainOnceItsMembersAreGone() {
    f.defineSegment("again", "{'trait':'a','op':'exists'}");
    assertThat(f.call("DELETE", base() + "/segments/again", null).status()).isEqualTo(204);

    String definition = "{'id':'again','name':'n','condition':{'trait':'b','op':'exists'}}";
    var early =
        f.send(
            "POST",
            base() + "/segments",
            "application/json",
            definition.replace('\'', '"').getBytes(StandardCharsets.UTF_8));
    assertThat(early.status()).isEqualTo(409);
    assertThat(early.body().get("message").asText()).contains("still being removed");
    assertThat(
            f.sendRaw(
                    "POST",
                    base() + "/segments",
                    "application/json",
                    definition.replace('\'', '"').getBytes(StandardCharsets.UTF_8))
                .headers()
                .firstValue("Retry-After"))
        .hasValue("60");

    f.stack.sweepNow();
    assertThat(f.call("POST", base() + "/segments", definition).status()).isEqualTo(201);
  }

  private static String encode(String id) {
    StringBuilder out = new StringBuilder();
    for (byte b : id.getBytes(StandardCharsets.UTF_8)) {
      char c = (char) (b & 0xff);
      if (Character.isLetterOrDigit(c) && c < 128 || "-_.~@+".indexOf(c) >= 0) {
        out.append(c);
      } else {
        out.append('%').append(String.format("%02X", b & 0xff));
      }
    }
    return out.toString();
  }
}
