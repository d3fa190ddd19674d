package dev.openpush.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.openpush.domain.delivery.Platform;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Campaigns that send by themselves, end to end on the emulators: on an event after a delay unless
 * an exit event came ("Product Added, then no Order Completed"), on segment entry (the membership
 * change feed), and on a cron schedule in a time zone; and what the apps report back (opened,
 * converted) counted once per user in the metrics.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class TriggeredCampaignTest {
  private static StackFixture f;
  // Tokens unique to this class: moto answers a token registered under another application
  // with that application's endpoint.
  private static final String TOKENS = java.util.UUID.randomUUID().toString().substring(0, 8);

  @BeforeAll
  static void start() {
    f = new StackFixture();
    f.defineSegment("shoppers", "{'event':'Application Opened','within':'P30D'}");
    f.defineSegment("vip", "{'trait':'tier','op':'eq','value':'vip'}");
    List<String> opened = new ArrayList<>();
    for (String user : List.of("ana", "ben", "cai", "eve")) {
      opened.add(f.track(user, "Application Opened", f.clock.now().minusSeconds(60), "{}"));
    }
    // Eve is a VIP before any campaign exists: her entry triggers nothing.
    opened.add(f.identify("eve", f.clock.now().minusSeconds(30), "{'tier':'vip'}"));
    f.putAndAwait(opened);
    for (String user : List.of("ana", "ben", "cai", "dan", "eve")) {
      var answer =
          f.call(
              "PUT",
              app("/users/" + user + "/devices/phone"),
              "{'platform':'" + Platform.GCM.name() + "','token':'" + user + "-" + TOKENS + "'}");
      assertThat(answer.status()).isEqualTo(201);
    }
    template("cart", "Still thinking about {{default event.properties.name \\\"it\\\"}}?");
    template("welcome", "Welcome, {{default traits.firstName \\\"friend\\\"}}");
  }

  @AfterAll
  static void stop() {
    f.close();
  }

  private static String app(String path) {
    return "/v1/apps/" + f.app + path;
  }

  private static void template(String id, String title) {
    var created =
        f.call(
            "POST",
            app("/templates"),
            "{'id':'" + id + "','name':'" + id + "','title':'" + title + "','body':'See you'}");
    assertThat(created.status()).isEqualTo(201);
  }

  private static JsonNode launch(String definition) {
    var created = f.call("POST", app("/campaigns"), definition);
    assertThat(created.status()).as(created.body().toString()).isEqualTo(201);
    var launched =
        f.call("POST", app("/campaigns/" + created.body().get("id").asText() + "/launch"), null);
    assertThat(launched.status()).isEqualTo(202);
    return launched.body();
  }

  private static List<String> messagesTo(String user) {
    return PushMessages.to(PushMessages.endpointOf(f, user + "-" + TOKENS)).stream()
        .map(m -> m.replace("\\", ""))
        .toList();
  }

  /**
   * The user's messages once there are at least {@code count} (or after 15 s): awaitSent waits for
   * the stream's readers and the queue, but a delayed task can still be on its way between them (CI
   * once saw the queue empty a moment before the campaign-events reader had queued Ana's).
   */
  private static List<String> messagesTo(String user, int count) {
    long deadline = System.currentTimeMillis() + 15_000;
    List<String> messages = messagesTo(user);
    while (messages.size() < count && System.currentTimeMillis() < deadline) {
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
      f.stack.awaitSent(Duration.ofSeconds(60));
      messages = messagesTo(user);
    }
    return messages;
  }

  private static JsonNode metrics(String campaign) {
    var answer = f.call("GET", app("/campaigns/" + campaign + "/metrics"), null);
    assertThat(answer.status()).isEqualTo(200);
    return answer.body();
  }

  @Test
  @Order(1)
  void cartAbandonmentSendsAfterTheDelayUnlessTheOrderCameAndCountsOpensAndConversionsOnce() {
    JsonNode launched =
        launch(
            "{'id':'cart-1','name':'Cart','segmentId':'shoppers','templateId':'cart',"
                + "'schedule':{'type':'triggered','on':{'event':'Product Added'},'delay':'PT2S',"
                + "'exitOn':{'event':'Order Completed'}},"
                + "'conversion':{'event':'Order Completed','within':'P1D'}}");
    assertThat(launched.get("status").asText()).isEqualTo("running");
    Instant added = f.clock.now().plusSeconds(1);
    f.clock.advance(Duration.ofSeconds(1));
    // Ben orders within the delay; Ana does not; Cai adds nothing. Each added event is in the
    // stream twice (a producer's retry): one message each still.
    String anaAdded = f.track("ana", "Product Added", added, "{'name':'Red shoes'}");
    f.putAndAwait(
        List.of(
            anaAdded,
            anaAdded,
            f.track("ben", "Product Added", added, "{'name':'Blue hat'}"),
            f.track("ben", "Order Completed", added.plusSeconds(1), "{}")));
    f.clock.advance(Duration.ofSeconds(5)); // the delay is over
    f.stack.awaitSent(Duration.ofSeconds(60));

    assertThat(messagesTo("ana", 1))
        .singleElement()
        .satisfies(m -> assertThat(m).contains("Still thinking about Red shoes?"));
    assertThat(messagesTo("ben")).isEmpty();
    assertThat(messagesTo("cai")).isEmpty();

    // Ana opens it (twice: counted once), then orders: a conversion within the window.
    f.clock.advance(Duration.ofSeconds(5));
    String tapped =
        f.track("ana", "Push Notification Tapped", f.clock.now(), "{'campaignId':'cart-1'}");
    f.putAndAwait(
        List.of(
            tapped,
            f.track(
                "ana",
                "Push Notification Tapped",
                f.clock.now(),
                "{'campaign':{'id':'cart-1'},'variantId':'default'}"),
            f.track("ana", "Push Notification Received", f.clock.now(), "{'campaignId':'cart-1'}"),
            f.track("ana", "Order Completed", f.clock.now().plusSeconds(1), "{}"),
            // A report naming a campaign that does not exist counts for nothing.
            f.track("cai", "Push Notification Tapped", f.clock.now(), "{'campaignId':'nope'}")));
    f.stack.awaitSent(Duration.ofSeconds(60));

    JsonNode variant = metrics("cart-1").at("/variants/0");
    assertThat(variant.get("targeted").asInt()).isEqualTo(1);
    assertThat(variant.get("sent").asInt()).isEqualTo(1);
    assertThat(variant.get("exited").asInt()).isEqualTo(1);
    assertThat(variant.get("received").asInt()).isEqualTo(1);
    assertThat(variant.get("opened").asInt()).isEqualTo(1);
    assertThat(variant.get("converted").asInt()).isEqualTo(1);
  }

  @Test
  @Order(2)
  void enteringASegmentAfterLaunchSendsOnceAndEarlierMembersGetNothing() {
    launch(
        "{'id':'vip-welcome','name':'VIP','segmentId':'vip','templateId':'welcome',"
            + "'schedule':{'type':'triggered','on':{'segmentEntry':'vip'}}}");
    f.clock.advance(Duration.ofSeconds(1));
    f.putAndAwait(List.of(f.identify("dan", f.clock.now(), "{'tier':'vip','firstName':'Dan'}")));
    f.stack.awaitSent(Duration.ofSeconds(60));

    assertThat(messagesTo("dan", 1))
        .singleElement()
        .satisfies(m -> assertThat(m).contains("Welcome, Dan"));
    assertThat(messagesTo("eve")).isEmpty();
    assertThat(metrics("vip-welcome").at("/variants/0/sent").asInt()).isEqualTo(1);
  }

  @Test
  @Order(3)
  void aRecurringCampaignStartsARunEachTimeItsCronFiresInItsTimeZone() {
    JsonNode launched =
        launch(
            "{'id':'weekly','name':'Weekly','segmentId':'shoppers','templateId':'welcome',"
                + "'schedule':{'type':'recurring','cron':'0 9 * * 1','timezone':'Europe/Paris'}}");
    assertThat(launched.get("status").asText()).isEqualTo("scheduled");
    assertThat(f.stack.tickCampaignClock()).isZero(); // Friday noon: not due

    // Monday 9:00 in Paris is 08:00 UTC (winter time).
    f.clock.advance(Duration.between(f.clock.now(), Instant.parse("2026-11-23T08:00:30Z")));
    assertThat(f.stack.tickCampaignClock()).isEqualTo(1);
    assertThat(f.stack.tickCampaignClock()).isZero(); // the next is a week away
    f.stack.awaitSent(Duration.ofSeconds(60));

    JsonNode campaign = f.call("GET", app("/campaigns/weekly"), null).body();
    assertThat(campaign.get("status").asText()).isEqualTo("running");
    for (String user : List.of("ana", "ben", "cai", "eve")) {
      // Ana already has the cart message of the first test.
      assertThat(messagesTo(user, user.equals("ana") ? 2 : 1))
          .as(user)
          .anySatisfy(m -> assertThat(m).contains("Welcome"));
    }
    assertThat(metrics("weekly").at("/variants/0/sent").asInt()).isEqualTo(4);
    assertThat(metrics("weekly").get("runId").asText())
        .isEqualTo("run-" + Instant.parse("2026-11-23T08:00:00Z").getEpochSecond());
  }

  @Test
  @Order(4)
  void erasingAUserTakesWhatTheCampaignRecordedOfThem() {
    assertThat(metrics("cart-1").at("/variants/0/opened").asInt()).isEqualTo(1);

    assertThat(f.call("DELETE", app("/users/ana"), null).status()).isEqualTo(204);

    // The counts that were Ana's go; the tasks' tallies (no user in them) stay.
    JsonNode after = metrics("cart-1").at("/variants/0");
    assertThat(after.get("opened").asInt()).isZero();
    assertThat(after.get("received").asInt()).isZero();
    assertThat(after.get("converted").asInt()).isZero();
    assertThat(after.get("sent").asInt()).isEqualTo(1);
  }
}
