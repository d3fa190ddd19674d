package dev.openpush.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Campaigns and settings through the API as a hostile client sends them: every answer a clear JSON
 * 4xx, nothing stored that cannot be read back.
 */
class CampaignApiTest {
  private static StackFixture f;

  @BeforeAll
  static void start() {
    f = new StackFixture();
    f.defineSegment("all", "{'event':'Application Opened'}");
    f.call("POST", app("/templates"), "{'id':'promo','name':'P','title':'t','body':'b'}");
  }

  @AfterAll
  static void stop() {
    f.close();
  }

  private static String app(String path) {
    return "/v1/apps/" + f.app + path;
  }

  private static String campaign(String extra) {
    return "{'name':'n','segmentId':'all','templateId':'promo','schedule':{'type':'immediate'}"
        + extra
        + "}";
  }

  private static void refused(String method, String path, String body, int status, String error) {
    StackFixture.Answer answer = f.call(method, path, body);
    assertThat(answer.status()).as(body).isEqualTo(status);
    assertThat(answer.body().get("error").asText()).as(body).isEqualTo(error);
  }

  @Test
  void definitionsOutsideTheContractAreRefusedWithTheirPath() {
    refused(
        "POST",
        app("/campaigns"),
        "{'name':'n','segmentId':'nope','templateId':'promo','schedule':{'type':'immediate'}}",
        400,
        "invalid_campaign");
    refused(
        "POST",
        app("/campaigns"),
        "{'name':'n','segmentId':'all','templateId':'nope','schedule':{'type':'immediate'}}",
        400,
        "invalid_campaign");
    refused("POST", app("/campaigns"), campaign(",'holdoutPercent':-1"), 400, "invalid_campaign");
    refused(
        "POST",
        app("/campaigns"),
        campaign(",'holdoutPercent':99999999999999999999"),
        400,
        "invalid_campaign");
    refused(
        "POST",
        app("/campaigns"),
        campaign(",'rateLimitPerSecond':'fast'"),
        400,
        "invalid_campaign");
    refused(
        "POST",
        app("/campaigns"),
        campaign(",'deadline':'P99999999999999D'"),
        400,
        "invalid_campaign");
    refused("POST", app("/campaigns"), campaign(",'id':'a\\u0000b'"), 400, "invalid_campaign");
    refused(
        "POST",
        app("/campaigns"),
        "{'name':'n','segmentId':'all','templateId':'promo','schedule':{'type':'at','at':'+999999999-12-31T23:59:59Z'}}",
        400,
        "invalid_campaign");
    StringBuilder huge =
        new StringBuilder(
            "{'name':'n','segmentId':'all','templateId':'promo','schedule':{'type':'immediate'},'junk':'");
    huge.append("x".repeat(70_000)).append("'}");
    refused("POST", app("/campaigns"), huge.toString(), 413, "definition_too_large");
    assertThat(
            f.send("POST", app("/campaigns"), "text/plain", "{}".getBytes(StandardCharsets.UTF_8))
                .status())
        .isEqualTo(415);
    assertThat(f.call("GET", app("/campaigns"), null).body().get("items")).isEmpty();
  }

  @Test
  void launchesAndReadsOfWhatDoesNotExistOrCannotRunAreClear() {
    refused("POST", app("/campaigns/nothing/launch"), null, 404, "not_found");
    refused("GET", app("/campaigns/nothing/metrics"), null, 404, "not_found");
    refused("GET", app("/campaigns/..%2F..%2Fx"), null, 400, "invalid_request");
    assertThat(
            f.call(
                    "POST",
                    app("/campaigns"),
                    "{'id':'weekly','name':'n','segmentId':'all','templateId':'promo','schedule':{'type':'recurring','cron':'0 9 * * 1'}}")
                .status())
        .isEqualTo(201);
    // A recurring campaign becomes scheduled; launching it again changes nothing.
    for (int i = 0; i < 2; i++) {
      var launched = f.call("POST", app("/campaigns/weekly/launch"), null);
      assertThat(launched.status()).isEqualTo(202);
      assertThat(launched.body().get("status").asText()).isEqualTo("scheduled");
      assertThat(launched.body().get("runId").isNull()).isTrue();
    }
    assertThat(f.call("GET", app("/campaigns/weekly"), null).body().get("status").asText())
        .isEqualTo("scheduled");
    // Never fires, out of range, not Unix cron, control characters, far too many fields.
    for (String cron :
        new String[] {
          "0 9 31 2 *", "60 9 * * *", "@yearly", "0 9 L * *", "0 9 * * 1\\u0000", "1 2 3 4 5 6 7"
        }) {
      refused(
          "POST",
          app("/campaigns"),
          "{'id':'bad-cron','name':'n','segmentId':'all','templateId':'promo',"
              + "'schedule':{'type':'recurring','cron':'"
              + cron
              + "'}}",
          400,
          "invalid_campaign");
    }
    refused("GET", app("/campaigns?cursor=Zm9yZ2Vk"), null, 400, "invalid_cursor");
    assertThat(f.call("DELETE", app("/campaigns/weekly"), null).status()).isEqualTo(204);
    refused("GET", app("/campaigns/weekly"), null, 404, "not_found");
  }

  @Test
  void settingsOutsideTheirRangeAreRefusedAndNothingIsStored() {
    refused(
        "PUT",
        app("/settings"),
        "{'frequencyCaps':[{'max':0,'per':'P1D'}]}",
        400,
        "invalid_request");
    refused(
        "PUT",
        app("/settings"),
        "{'frequencyCaps':[{'max':3,'per':'P1M'}]}",
        400,
        "invalid_request");
    refused(
        "PUT",
        app("/settings"),
        "{'quietHours':{'start':'24:00','end':'08:00'}}",
        400,
        "invalid_request");
    refused("PUT", app("/settings"), "{'quietHours':{'start':'22:00'}}", 400, "invalid_request");
    refused(
        "PUT",
        app("/settings"),
        "{'cooldowns':[{'afterEvent':'','for':'P1D'}]}",
        400,
        "invalid_request");
    refused("PUT", app("/settings"), "{'rateLimitPerSecond':-5}", 400, "invalid_request");
    refused("PUT", app("/settings"), "{'defaultTimezone':'Mars/Olympus'}", 400, "invalid_request");
    StringBuilder many = new StringBuilder("{'frequencyCaps':[");
    for (int i = 0; i < 21; i++) {
      many.append(i == 0 ? "" : ",").append("{'max':1,'per':'P1D'}");
    }
    refused("PUT", app("/settings"), many.append("]}").toString(), 400, "invalid_request");

    var stored = f.call("GET", app("/settings"), null).body();
    assertThat(stored.get("frequencyCaps")).isEmpty();
    assertThat(stored.get("quietHours").isNull()).isTrue();
    assertThat(stored.get("defaultTimezone").asText()).isEqualTo("UTC");

    var set =
        f.call(
            "PUT",
            app("/settings"),
            "{'quietHours':{'start':'22:00','end':'07:30'},'defaultTimezone':'Asia/Tokyo','rateLimitPerSecond':500}");
    assertThat(set.status()).isEqualTo(200);
    assertThat(f.call("GET", app("/settings"), null).body()).isEqualTo(set.body());
  }
}
