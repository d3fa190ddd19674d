package dev.openpush.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.openpush.aws.sqs.SqsSendQueue;
import dev.openpush.domain.campaign.Arm;
import dev.openpush.domain.campaign.SendTask;
import dev.openpush.domain.campaign.Variant;
import dev.openpush.domain.campaign.VariantAssignment;
import dev.openpush.domain.delivery.Platform;
import dev.openpush.domain.json.Json;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A campaign to a segment, end to end on the emulators: launched through the API, fanned out on the
 * send queue, sent by the sender through SNS. Exactly one message per eligible device, none to
 * opted-out, wrong-topic, device-less, quiet-hours, capped or held-out users, each counted under
 * its reason; a disabled endpoint marks its device invalid and is not tried again; a relaunch and a
 * redelivered batch send nothing twice.
 */
class CampaignDeliveryTest {
  private static StackFixture f;
  private static final List<String> REGULARS = new ArrayList<>();

  @BeforeAll
  static void start() {
    f = new StackFixture();
    for (int i = 0; i < 12; i++) {
      REGULARS.add("u%02d".formatted(i));
    }
  }

  @AfterAll
  static void stop() {
    f.close();
  }

  private static String app(String path) {
    return "/v1/apps/" + f.app + path;
  }

  private static String opened(String user, String timezone) {
    return "{'type':'track','appId':'"
        + f.app
        + "','event':'Application Opened','messageId':'"
        + UUID.randomUUID()
        + "','userId':'"
        + user
        + "','timestamp':'"
        + f.clock.now().minusSeconds(60)
        + "'"
        + (timezone == null ? "" : ",'context':{'timezone':'" + timezone + "'}")
        + "}";
  }

  private static void device(String user, String id, Platform platform) {
    var answer =
        f.call(
            "PUT",
            app("/users/" + user + "/devices/" + id),
            "{'platform':'" + platform.name() + "','token':'" + user + "-" + id + "'}");
    assertThat(answer.status()).as(user + " " + id).isEqualTo(201);
  }

  private static String endpointOf(String token) {
    return PushMessages.endpointOf(f, token);
  }

  private static Map<String, Integer> deliveredByToken(List<String> tokens) {
    Map<String, Integer> counts = new LinkedHashMap<>();
    tokens.forEach(t -> counts.put(t, PushMessages.to(endpointOf(t)).size()));
    return counts;
  }

  private static boolean heldOut(String campaignId, int holdoutPercent, String user) {
    return new VariantAssignment(
                campaignId, List.of(new Variant("default", 1, "promo")), holdoutPercent)
            .armOf(user)
        instanceof Arm.Holdout;
  }

  @Test
  void aCampaignReachesEveryEligibleDeviceOnceAndCountsEveryoneElseUnderTheirReason() {
    // The app's rules: one push a day, quiet from 20:00 to 08:00 (it is 12:00 UTC, 21:00 in Tokyo).
    assertThat(
            f.call(
                    "PUT",
                    app("/settings"),
                    "{'frequencyCaps':[{'max':1,'per':'P1D'}],'quietHours':{'start':'20:00','end':'08:00'},"
                        + "'cooldowns':[],'rateLimitPerSecond':0,'defaultTimezone':'UTC'}")
                .status())
        .isEqualTo(200);
    f.defineSegment("everyone", "{'event':'Application Opened','within':'P7D'}");
    List<String> events = new ArrayList<>();
    for (String user : REGULARS) {
      events.add(opened(user, null));
    }
    for (String user : List.of("ben", "cai", "dan", "gus")) {
      events.add(opened(user, null));
    }
    events.add(opened("fay", "Asia/Tokyo"));
    f.putAndAwait(events);
    for (String user : REGULARS) {
      device(user, "phone", Platform.APNS);
    }
    device("u00", "tablet", Platform.GCM);
    for (String user : List.of("ben", "dan", "fay", "gus")) {
      device(user, "phone", Platform.APNS);
    }
    f.call("PUT", app("/users/ben/consent"), "{'push':false}");
    f.call("PUT", app("/users/dan/consent"), "{'push':true,'topics':{'news':false}}");
    String gusPhone = endpointOf("gus-phone");
    f.stack
        .clients
        .sns()
        .setEndpointAttributes(b -> b.endpointArn(gusPhone).attributes(Map.of("Enabled", "false")));
    assertThat(
            f.call(
                    "POST",
                    app("/templates"),
                    "{'id':'promo','name':'Promo','title':'Hi {{default traits.firstName \\\"there\\\"}}',"
                        + "'body':'Winter sale \\\"-20%\\\" & more','deepLink':'shop://sale'}")
                .status())
        .isEqualTo(201);
    var created =
        f.call(
            "POST",
            app("/campaigns"),
            "{'id':'news-1','name':'Winter news','segmentId':'everyone','templateId':'promo','topic':'news',"
                + "'holdoutPercent':20,'schedule':{'type':'immediate'},'rules':{'quietHours':'drop'}}");
    assertThat(created.status()).isEqualTo(201);
    assertThat(created.body().get("status").asText()).isEqualTo("draft");

    var launched = f.call("POST", app("/campaigns/news-1/launch"), null);
    f.stack.awaitSent(Duration.ofSeconds(60));

    assertThat(launched.status()).isEqualTo(202);
    String runId = launched.body().get("runId").asText();
    List<String> tokens = new ArrayList<>();
    REGULARS.forEach(u -> tokens.add(u + "-phone"));
    tokens.add("u00-tablet");
    tokens.addAll(List.of("ben-phone", "dan-phone", "fay-phone"));
    Map<String, Integer> delivered = deliveredByToken(tokens);
    Map<String, Integer> expected = new LinkedHashMap<>();
    int sentMessages = 0;
    int regularsOut = 0;
    for (String token : tokens) {
      String user = token.substring(0, token.indexOf('-'));
      boolean gets = REGULARS.contains(user) && !heldOut("news-1", 20, user);
      expected.put(token, gets ? 1 : 0);
      sentMessages += gets ? 1 : 0;
    }
    for (String user : REGULARS) {
      regularsOut += heldOut("news-1", 20, user) ? 1 : 0;
    }
    assertThat(delivered).isEqualTo(expected);
    assertThat(PushMessages.to(gusPhone)).isEmpty();
    // What a device gets: the default text and its platform's payload, attributed to the run.
    String sample =
        REGULARS.stream().filter(u -> !heldOut("news-1", 20, u)).findFirst().orElseThrow();
    String raw = PushMessages.to(endpointOf(sample + "-phone")).getFirst();
    // Every level of JSON escaping removed: what the device's payload says, on either emulator
    // (moto keeps the SNS message, LocalStack the payload it chose for the platform).
    String unescaped = raw.replace("\\", "");
    assertThat(unescaped)
        .contains("\"title\":\"Hi there\"")
        .contains("\"body\":\"Winter sale \"-20%\" & more\"")
        .contains("\"campaignId\":\"news-1\"")
        .contains("\"runId\":\"" + runId + "\"")
        .contains("\"variantId\":\"default\"")
        .contains("\"deepLink\":\"shop://sale\"");
    JsonNode sns = readJson(raw);
    if (sns.has("APNS")) {
      // moto: the message as published, with the default text beside the platform's payload.
      assertThat(sns.get("default").asText()).isEqualTo("Winter sale \"-20%\" & more");
      assertThat(readJson(sns.get("APNS").asText()).at("/aps/alert/title").asText())
          .isEqualTo("Hi there");
    }

    JsonNode metrics = f.call("GET", app("/campaigns/news-1/metrics"), null).body();
    Map<String, Integer> reasons = new HashMap<>();
    List<String> special = List.of("ben", "cai", "dan", "fay", "gus");
    int specialOut = 0;
    for (String user : special) {
      if (heldOut("news-1", 20, user)) {
        specialOut++;
        continue;
      }
      switch (user) {
        case "ben" -> reasons.merge("consent", 1, Integer::sum);
        case "cai" -> reasons.merge("noDevice", 1, Integer::sum);
        case "dan" -> reasons.merge("topic", 1, Integer::sum);
        case "fay" -> reasons.merge("quietHours", 1, Integer::sum);
        default -> {}
      }
    }
    JsonNode variant = metrics.at("/variants/0");
    assertThat(variant.get("targeted").asInt())
        .isEqualTo(REGULARS.size() + special.size() - regularsOut - specialOut);
    assertThat(variant.get("sent").asInt()).isEqualTo(sentMessages);
    assertThat(variant.get("failed").asInt()).isEqualTo(heldOut("news-1", 20, "gus") ? 0 : 1);
    for (String reason :
        List.of("consent", "noDevice", "topic", "quietHours", "frequencyCap", "duplicate")) {
      assertThat(variant.at("/suppressed/" + reason).asInt())
          .as(reason)
          .isEqualTo(reasons.getOrDefault(reason, 0));
    }
    assertThat(metrics.at("/holdout/targeted").asInt()).isEqualTo(regularsOut + specialOut);
    if (!heldOut("news-1", 20, "gus")) {
      JsonNode gus = f.call("GET", app("/users/gus"), null).body();
      assertThat(gus.at("/devices/0/status").asText()).isEqualTo("invalid");
    }

    // A relaunch answers the same run and sends nothing.
    var again = f.call("POST", app("/campaigns/news-1/launch"), null);
    // A redelivered batch (every user of the segment again) sends nothing twice either.
    List<String> everyone = new ArrayList<>(REGULARS);
    everyone.addAll(special);
    new SqsSendQueue(f.stack.clients.sqs(), f.stack.names.get("SendQueue"), Clock.systemUTC())
        .enqueue(
            List.of(new SendTask.SendTo(f.app, "news-1", runId, f.clock.now(), everyone, null)));
    f.stack.awaitSent(Duration.ofSeconds(60));

    assertThat(again.status()).isEqualTo(202);
    assertThat(again.body().get("runId").asText()).isEqualTo(runId);
    assertThat(deliveredByToken(tokens)).isEqualTo(expected);
    assertThat(f.call("GET", app("/campaigns/news-1/metrics"), null).body()).isEqualTo(metrics);

    // A second campaign the same day: who got the first is capped; gus's device is not tried.
    f.call(
        "POST",
        app("/campaigns"),
        "{'id':'news-2','name':'More news','segmentId':'everyone','templateId':'promo','holdoutPercent':10,"
            + "'schedule':{'type':'immediate'},'rules':{'quietHours':'drop'}}");
    f.call("POST", app("/campaigns/news-2/launch"), null);
    f.stack.awaitSent(Duration.ofSeconds(60));

    JsonNode second =
        f.call("GET", app("/campaigns/news-2/metrics"), null).body().at("/variants/0");
    int capped = 0;
    for (String user : REGULARS) {
      capped += !heldOut("news-1", 20, user) && !heldOut("news-2", 10, user) ? 1 : 0;
    }
    assertThat(second.at("/suppressed/frequencyCap").asInt()).isEqualTo(capped);
    if (!heldOut("news-1", 20, "gus") && !heldOut("news-2", 10, "gus")) {
      assertThat(second.at("/suppressed/invalidDevice").asInt()).isEqualTo(1);
    }
    // dan opted out of news only: the second campaign, which has no topic, reaches him.
    int danExpected = (heldOut("news-2", 10, "dan") ? 0 : 1);
    assertThat(PushMessages.to(endpointOf("dan-phone"))).hasSize(danExpected);
  }

  private static JsonNode readJson(String text) {
    try {
      return Json.mapper().readTree(text);
    } catch (Exception e) {
      throw new IllegalStateException(text, e);
    }
  }
}
