package dev.openpush.it;

import com.fasterxml.jackson.databind.JsonNode;
import dev.openpush.domain.delivery.Platform;
import dev.openpush.domain.json.Json;
import dev.openpush.local.EmulatorProfile;
import dev.openpush.local.Emulators;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;

/**
 * The messages SNS was asked to deliver to platform endpoints, as the emulators report them: moto
 * at {@code /moto-api/data.json}, LocalStack at {@code /_aws/sns/platform-endpoint-messages}.
 */
final class PushMessages {
  private PushMessages() {}

  /** The endpoint SNS holds for a token, under any of the fixture app's platform applications. */
  static String endpointOf(StackFixture f, String token) {
    for (Platform platform : Platform.values()) {
      String application = f.stack.platformApplications.arnOf(f.app, platform).orElseThrow();
      for (var endpoint :
          f.stack
              .clients
              .sns()
              .listEndpointsByPlatformApplication(b -> b.platformApplicationArn(application))
              .endpoints()) {
        if (token.equals(endpoint.attributes().get("Token"))) {
          return endpoint.endpointArn();
        }
      }
    }
    throw new IllegalStateException("no endpoint for " + token);
  }

  /** The raw SNS messages published to one endpoint, oldest first. */
  static List<String> to(String endpointArn) {
    JsonNode root = fetch();
    List<String> messages = new ArrayList<>();
    if (EmulatorProfile.selected() == EmulatorProfile.LOCALSTACK) {
      for (JsonNode m : root.path("platform_endpoint_messages").path(endpointArn)) {
        // The payload LocalStack chose for the platform, as it stores it.
        JsonNode message = m.path("Message");
        messages.add(message.isTextual() ? message.asText() : message.toString());
      }
      return messages;
    }
    for (JsonNode endpoint : root.path("sns").path("PlatformEndpoint")) {
      if (endpointArn.equals(endpoint.path("arn").asText())) {
        for (JsonNode m : endpoint.path("messages")) {
          messages.add(m.isTextual() ? m.asText() : m.toString());
        }
      }
    }
    return messages;
  }

  private static JsonNode fetch() {
    URI base = Emulators.shared().awsEndpoint;
    String path =
        EmulatorProfile.selected() == EmulatorProfile.LOCALSTACK
            ? "/_aws/sns/platform-endpoint-messages"
            : "/moto-api/data.json";
    try {
      HttpResponse<String> response =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(base.resolve(path)).GET().build(),
                  HttpResponse.BodyHandlers.ofString());
      return Json.mapper().readTree(response.body());
    } catch (Exception e) {
      throw new IllegalStateException("cannot read the emulator's push messages", e);
    }
  }
}
