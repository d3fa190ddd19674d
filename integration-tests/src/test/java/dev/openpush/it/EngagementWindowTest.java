package dev.openpush.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.openpush.domain.delivery.Platform;
import dev.openpush.domain.engagement.EngagementScoring;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * Engagement windows end to end: the apps' push events mark users for scoring; the scheduled
 * scoring reads their histories from their profiles, asks the model (its inference server, through
 * the real SageMaker Runtime client) and stores each window, shown on the user body; with the model
 * down, the built-in estimate answers and says so; a campaign sent in engagement windows holds a
 * user until their best hour.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class EngagementWindowTest {
  private static StackFixture f;
  private static final ZoneId PARIS = ZoneId.of("Europe/Paris");

  @BeforeAll
  static void start() {
    f = new StackFixture();
  }

  @AfterAll
  static void stop() {
    f.close();
  }

  private static String app(String path) {
    return "/v1/apps/" + f.app + path;
  }

  /** Evenings at 20:xx in Paris for the last four weeks: app opens, pushes received and tapped. */
  private static List<String> eveningUser(String user) {
    List<String> events = new ArrayList<>();
    ZonedDateTime day = f.clock.now().atZone(PARIS).withHour(20).withMinute(10);
    for (int d = 1; d <= 28; d++) {
      Instant at = day.minusDays(d).toInstant();
      events.add(
          "{'type':'track','appId':'"
              + f.app
              + "','event':'Application Opened','messageId':'"
              + UUID.randomUUID()
              + "','userId':'"
              + user
              + "','timestamp':'"
              + at
              + "','context':{'timezone':'Europe/Paris','os':{'name':'iOS'}}}");
      if (d % 3 == 0) {
        events.add(f.track(user, "Push Notification Received", at.plusSeconds(300), "{}"));
        events.add(f.track(user, "Push Notification Tapped", at.plusSeconds(360), "{}"));
      }
    }
    return events;
  }

  /** A phone for the user: windows are kept for users there is somewhere to send to. */
  private static void phone(String user) {
    assertThat(
            f.call(
                    "PUT",
                    app("/users/" + user + "/devices/phone"),
                    "{'platform':'"
                        + Platform.GCM.name()
                        + "','token':'"
                        + user
                        + "-"
                        + f.app
                        + "'}")
                .status())
        .isEqualTo(201);
  }

  private static JsonNode window(String user) {
    var answer = f.call("GET", app("/users/" + user), null);
    assertThat(answer.status()).isEqualTo(200);
    return answer.body().get("engagementWindow");
  }

  private static int bestScoredHour(JsonNode window) {
    JsonNode best = window.get("bestHours").get(0);
    for (JsonNode hour : window.get("bestHours")) {
      if (hour.get("score").asDouble() > best.get("score").asDouble()) {
        best = hour;
      }
    }
    return best.get("hourOfWeek").asInt();
  }

  @Test
  @Order(1)
  void pushEngagementGetsAUserScoredByTheModelAndTheWindowIsOnTheirBody() {
    phone("ana");
    f.putAndAwait(eveningUser("ana"));
    f.stack.awaitSent(Duration.ofSeconds(60)); // the campaign-events consumer has marked her

    EngagementScoring.Report report = f.stack.scoreEngagement();

    assertThat(report.scored()).isEqualTo(1);
    assertThat(report.byModel()).isEqualTo(1);
    JsonNode window = window("ana");
    assertThat(window.get("source").asText()).isEqualTo("model");
    assertThat(window.get("timezone").asText()).isEqualTo("Europe/Paris");
    assertThat(window.get("modelVersion").asText()).startsWith("sim-");
    // The model explores (hours are ordered by a draw from each hour's posterior, so the first may
    // be 22:00 one run and 20:00 the next); the hour it scores highest is her evening.
    assertThat(bestScoredHour(window) % 24).isBetween(19, 21);
    assertThat(window.get("bestHours")).hasSize(EngagementScoring.BEST_HOURS);
    // Scored users leave the queue: nothing to score again.
    assertThat(f.stack.scoreEngagement().scored()).isZero();
  }

  @Test
  @Order(2)
  void aCampaignInEngagementWindowsHoldsTheUserUntilTheirBestHour() {
    f.defineSegment("openers", "{'event':'Application Opened','within':'P30D'}");
    f.call(
        "POST",
        app("/templates"),
        "{'id':'evening','name':'Evening','title':'Good evening','body':'Tonight only'}");
    var created =
        f.call(
            "POST",
            app("/campaigns"),
            "{'id':'sto','name':'In their window','segmentId':'openers','templateId':'evening',"
                + "'schedule':{'type':'immediate'},'sendAt':'engagementWindow','deadline':'P7D'}");
    assertThat(created.status()).isEqualTo(201);

    assertThat(f.call("POST", app("/campaigns/sto/launch"), null).status()).isEqualTo(202);

    // It is 13:00 in Paris; her best hour is in the evening: the task waits on the queue, delayed,
    // and nothing has gone.
    String queue = f.stack.names.get("SendQueue");
    long deadline = System.currentTimeMillis() + 30_000;
    Map<QueueAttributeName, String> attributes = Map.of();
    while (System.currentTimeMillis() < deadline) {
      attributes =
          f.stack
              .clients
              .sqs()
              .getQueueAttributes(
                  b ->
                      b.queueUrl(queue)
                          .attributeNames(
                              QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_DELAYED,
                              QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES,
                              QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE))
              .attributes();
      if (attributes.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_DELAYED).equals("1")
          && attributes.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES).equals("0")
          && attributes
              .get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE)
              .equals("0")) {
        break;
      }
      try {
        Thread.sleep(200);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    assertThat(attributes.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_DELAYED))
        .isEqualTo("1");
    assertThat(PushMessages.to(PushMessages.endpointOf(f, "ana-" + f.app))).isEmpty();
    assertThat(
            f.call("GET", app("/campaigns/sto/metrics"), null)
                .body()
                .at("/variants/0/targeted")
                .asInt())
        .isZero();
    // The campaign reports what sending in windows brings: nobody reached yet on either side.
    JsonNode sendTime =
        f.call("GET", app("/campaigns/sto/metrics"), null).body().get("sendTimeLift");
    assertThat(sendTime.get("reached").asInt()).isZero();
    assertThat(sendTime.get("plainTimeReached").asInt()).isZero();
    assertThat(sendTime.get("ci95")).hasSize(2);
  }

  @Test
  @Order(3)
  void withTheModelDownTheBuiltInEstimateAnswersAndSaysSo() {
    f.stack.stopEngagementModel();
    phone("ben");
    f.putAndAwait(eveningUser("ben"));
    f.stack.awaitIngested(Duration.ofSeconds(60));
    // The campaign-events consumer is behind ingest at most a moment.
    EngagementScoring.Report report = null;
    for (int i = 0; i < 50 && (report == null || report.scored() == 0); i++) {
      report = f.stack.scoreEngagement();
      if (report.scored() == 0) {
        try {
          Thread.sleep(200);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
    }

    assertThat(report.scored()).isEqualTo(1);
    assertThat(report.byFallback()).isEqualTo(1);
    JsonNode window = window("ben");
    assertThat(window.get("source").asText()).isEqualTo("fallback");
    assertThat(window.has("modelVersion")).isFalse();
    assertThat(window.at("/bestHours/0/hourOfWeek").asInt() % 24).isBetween(19, 21);
  }
}
