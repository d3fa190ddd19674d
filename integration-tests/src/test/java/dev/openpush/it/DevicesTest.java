package dev.openpush.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sns.model.NotFoundException;

/**
 * Devices and consent through the API on the emulators: every registration is an SNS platform
 * endpoint of the app's platform application, kept in step with the token, and erasure leaves none.
 */
class DevicesTest {
  private static StackFixture f;

  @BeforeAll
  static void start() {
    f = new StackFixture();
  }

  @AfterAll
  static void stop() {
    f.close();
  }

  /** Whether the delivery table holds anything on the user. */
  private static boolean hasDeliveryState(String user) {
    var item =
        f.stack
            .clients
            .dynamo()
            .getItem(
                b ->
                    b.tableName(f.stack.names.get("DeliveryTable"))
                        .key(
                            Map.of(
                                "pk",
                                software.amazon.awssdk.services.dynamodb.model.AttributeValue.fromS(
                                    f.app + "#" + user))));
    return item.hasItem() && !item.item().isEmpty();
  }

  private static String devices(String user) {
    return "/v1/apps/" + f.app + "/users/" + user + "/devices/";
  }

  private static String token(String endpointArn) {
    return f.stack
        .clients
        .sns()
        .getEndpointAttributes(b -> b.endpointArn(endpointArn))
        .attributes()
        .get("Token");
  }

  /** The endpoint SNS holds for a token under the app's platform application. */
  private static String endpointOf(String token) {
    String application =
        f.stack
            .platformApplications
            .arnOf(f.app, dev.openpush.domain.delivery.Platform.APNS)
            .orElseThrow();
    return f
        .stack
        .clients
        .sns()
        .listEndpointsByPlatformApplication(b -> b.platformApplicationArn(application))
        .endpoints()
        .stream()
        .filter(e -> token.equals(e.attributes().get("Token")))
        .map(e -> e.endpointArn())
        .findFirst()
        .orElse(null);
  }

  @Test
  void aDeviceIsAnEndpointThatFollowsItsTokenAndGoesWithTheDevice() {
    f.putAndAwait(List.of(f.track("lea", "Application Opened", f.clock.now(), "{}")));

    var created = f.call("PUT", devices("lea") + "phone", "{'platform':'APNS','token':'tok-1'}");
    var again = f.call("PUT", devices("lea") + "phone", "{'platform':'APNS','token':'tok-1'}");
    String endpoint = endpointOf("tok-1");
    var renewed = f.call("PUT", devices("lea") + "phone", "{'platform':'APNS','token':'tok-2'}");

    assertThat(created.status()).isEqualTo(201);
    assertThat(created.body().get("deviceId").asText()).isEqualTo("phone");
    assertThat(created.body().get("platform").asText()).isEqualTo("APNS");
    assertThat(created.body().get("token").asText()).isEqualTo("tok-1");
    assertThat(created.body().get("status").asText()).isEqualTo("active");
    assertThat(created.body().hasNonNull("updatedAt")).isTrue();
    assertThat(again.status()).isEqualTo(200);
    assertThat(endpoint).isNotNull();
    assertThat(renewed.status()).isEqualTo(200);
    assertThat(token(endpoint)).isEqualTo("tok-2");
    JsonNode user = f.call("GET", "/v1/apps/" + f.app + "/users/lea", null).body();
    assertThat(user.get("devices")).hasSize(1);
    assertThat(user.at("/devices/0/token").asText()).isEqualTo("tok-2");
    assertThat(user.at("/consent/push").asBoolean()).isTrue();

    assertThat(f.call("DELETE", devices("lea") + "phone", null).status()).isEqualTo(204);
    assertThat(f.call("DELETE", devices("lea") + "phone", null).status()).isEqualTo(204);
    assertThatThrownBy(() -> token(endpoint)).isInstanceOf(NotFoundException.class);
    assertThat(f.call("GET", "/v1/apps/" + f.app + "/users/lea", null).body().get("devices"))
        .isEmpty();
  }

  @Test
  void consentIsSetPerTopicAndShownWithTheUser() {
    f.putAndAwait(List.of(f.track("max", "Application Opened", f.clock.now(), "{}")));

    var set =
        f.call(
            "PUT",
            "/v1/apps/" + f.app + "/users/max/consent",
            "{'push':true,'topics':{'news':false,'offers':true}}");

    assertThat(set.status()).isEqualTo(200);
    assertThat(set.body().get("push").asBoolean()).isTrue();
    assertThat(set.body().at("/topics/news").asBoolean()).isFalse();
    assertThat(set.body().hasNonNull("updatedAt")).isTrue();
    JsonNode user = f.call("GET", "/v1/apps/" + f.app + "/users/max", null).body();
    assertThat(user.at("/consent/topics/offers").asBoolean()).isTrue();
    assertThat(user.at("/consent/topics/news").asBoolean()).isFalse();
  }

  @Test
  void erasureDeletesTheUsersEndpointsAndTheirConsent() {
    f.putAndAwait(List.of(f.track("eve", "Application Opened", f.clock.now(), "{}")));
    f.call("PUT", devices("eve") + "phone", "{'platform':'APNS','token':'eve-phone'}");
    f.call("PUT", devices("eve") + "tablet", "{'platform':'GCM','token':'eve-tablet'}");
    f.call("PUT", "/v1/apps/" + f.app + "/users/eve/consent", "{'push':false}");
    String phone = endpointOf("eve-phone");

    assertThat(f.call("DELETE", "/v1/apps/" + f.app + "/users/eve", null).status()).isEqualTo(204);

    assertThatThrownBy(() -> token(phone)).isInstanceOf(NotFoundException.class);
    assertThat(hasDeliveryState("eve")).isFalse();
  }

  @Test
  void hostileRegistrationsAreRefusedWithAReasonAndStoreNothing() {
    String user = devices("zed");
    assertThat(f.call("PUT", user + "d1", "{'platform':'WINDOWS','token':'t'}").status())
        .isEqualTo(400);
    assertThat(f.call("PUT", user + "d1", "{'platform':'APNS','token':'has space'}").status())
        .isEqualTo(400);
    assertThat(f.call("PUT", user + "d1", "{'platform':'APNS','token':'ctl\\u0001'}").status())
        .isEqualTo(400);
    assertThat(
            f.call("PUT", user + "d1", "{'platform':'APNS','token':'" + "a".repeat(4097) + "'}")
                .status())
        .isEqualTo(400);
    assertThat(f.call("PUT", user + "d1", "{'platform':'APNS','token':12}").status())
        .isEqualTo(400);
    assertThat(f.call("PUT", user + "d1", "[]").status()).isEqualTo(400);
    assertThat(f.call("PUT", user + "..", "{'platform':'APNS','token':'t'}").status())
        .isIn(400, 404);
    assertThat(f.call("PUT", user + "d%01", "{'platform':'APNS','token':'t'}").status())
        .isEqualTo(400);
    var otherApp =
        f.call("PUT", "/v1/apps/news/users/zed/devices/d1", "{'platform':'GCM','token':'t'}");
    assertThat(otherApp.status()).isEqualTo(400);
    assertThat(otherApp.body().get("error").asText()).isEqualTo("platform_not_configured");
    var wrongType =
        f.send(
            "PUT",
            user + "d1",
            "text/plain",
            "{\"platform\":\"APNS\",\"token\":\"t\"}".getBytes(StandardCharsets.UTF_8));
    assertThat(wrongType.status()).isEqualTo(415);
    String consent = "/v1/apps/" + f.app + "/users/zed/consent";
    assertThat(f.call("PUT", consent, "{'push':'yes'}").status()).isEqualTo(400);
    assertThat(f.call("PUT", consent, "{'push':true,'topics':{'a b':true}}").status())
        .isEqualTo(400);
    assertThat(f.call("PUT", consent, "{'push':true,'topics':{'news':1}}").status()).isEqualTo(400);
    StringBuilder many = new StringBuilder("{'push':true,'topics':{");
    for (int i = 0; i < 101; i++) {
      many.append(i == 0 ? "" : ",").append("'t").append(i).append("':true");
    }
    assertThat(f.call("PUT", consent, many.append("}}").toString()).status()).isEqualTo(400);

    assertThat(hasDeliveryState("zed")).isFalse();
  }
}
