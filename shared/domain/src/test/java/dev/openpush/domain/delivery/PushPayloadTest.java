package dev.openpush.domain.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.openpush.domain.template.RenderedMessage;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PushPayloadTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final PushPayload.Attribution FROM =
      new PushPayload.Attribution("spring-sale", "run-7", "b");
  private static final String HOSTILE = "Tom \"&\" <Jerry>\\ \n\t\u0001 end 😀";

  private static RenderedMessage message(String title, String body, Map<String, String> data) {
    return new RenderedMessage(title, body, "shop://cart?x=\"1\"", data, List.of());
  }

  private static JsonNode platformPayload(String sns, Platform platform) throws Exception {
    JsonNode message = JSON.readTree(sns);
    assertThat(message.fieldNames())
        .toIterable()
        .containsExactlyInAnyOrder("default", platform.name());
    return JSON.readTree(message.get(platform.name()).asText());
  }

  @Test
  void apnsGetsAnAlertAndTheAttributionEveryTextEscapedExactly() throws Exception {
    String sns =
        PushPayload.forDevice(
                Platform.APNS, message(HOSTILE, HOSTILE, Map.of("sku", HOSTILE)), FROM)
            .orElseThrow();

    JsonNode apns = platformPayload(sns, Platform.APNS);
    assertThat(JSON.readTree(sns).get("default").asText()).isEqualTo(HOSTILE);
    assertThat(apns.at("/aps/alert/title").asText()).isEqualTo(HOSTILE);
    assertThat(apns.at("/aps/alert/body").asText()).isEqualTo(HOSTILE);
    assertThat(apns.get("deepLink").asText()).isEqualTo("shop://cart?x=\"1\"");
    assertThat(apns.get("campaignId").asText()).isEqualTo("spring-sale");
    assertThat(apns.get("runId").asText()).isEqualTo("run-7");
    assertThat(apns.get("variantId").asText()).isEqualTo("b");
    assertThat(apns.get("sku").asText()).isEqualTo(HOSTILE);
  }

  @Test
  void fcmGetsANotificationAndTheAttributionAsData() throws Exception {
    String sns =
        PushPayload.forDevice(Platform.GCM, message("Hi", HOSTILE, Map.of("sku", "SKU-9")), FROM)
            .orElseThrow();

    JsonNode fcm = platformPayload(sns, Platform.GCM).at("/fcmV1Message/message");
    assertThat(fcm.at("/notification/title").asText()).isEqualTo("Hi");
    assertThat(fcm.at("/notification/body").asText()).isEqualTo(HOSTILE);
    assertThat(fcm.at("/data/deepLink").asText()).isEqualTo("shop://cart?x=\"1\"");
    assertThat(fcm.at("/data/campaignId").asText()).isEqualTo("spring-sale");
    assertThat(fcm.at("/data/variantId").asText()).isEqualTo("b");
    assertThat(fcm.at("/data/sku").asText()).isEqualTo("SKU-9");
  }

  @Test
  void aBodyOverTheLimitIsCutAtACodePointAndEndsInAnEllipsis() throws Exception {
    for (Platform platform : Platform.values()) {
      String body = "😀ab\"".repeat(2_000);
      String sns =
          PushPayload.forDevice(platform, message("Sale", body, Map.of()), FROM).orElseThrow();

      String payload = JSON.readTree(sns).get(platform.name()).asText();
      JsonNode parsed = JSON.readTree(payload);
      String cut =
          platform.isApple()
              ? parsed.at("/aps/alert/body").asText()
              : parsed.at("/fcmV1Message/message/notification/body").asText();
      assertThat(payload.getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(4096);
      assertThat(cut).endsWith("…");
      assertThat(body).startsWith(cut.substring(0, cut.length() - 1));
      // Not cut more than one code point's worth short of the limit would allow.
      assertThat(payload.getBytes(StandardCharsets.UTF_8).length).isGreaterThan(4096 - 12);
      assertThat(Character.isHighSurrogate(cut.charAt(cut.length() - 2))).isFalse();
    }
  }

  @Test
  void aTitleIsCutOnlyWhenAnEmptyBodyStillDoesNotFit() throws Exception {
    String sns =
        PushPayload.forDevice(Platform.APNS, message("T".repeat(6_000), "body", Map.of()), FROM)
            .orElseThrow();

    JsonNode apns = platformPayload(sns, Platform.APNS);
    assertThat(apns.at("/aps/alert/body").asText()).isEmpty();
    assertThat(apns.at("/aps/alert/title").asText()).startsWith("TTTT").endsWith("…");
  }

  @Test
  void dataThatAloneExceedsTheLimitCannotBeSent() {
    assertThat(
            PushPayload.forDevice(
                Platform.GCM, message("t", "b", Map.of("blob", "x".repeat(5_000))), FROM))
        .isEmpty();
  }
}
