package dev.openpush.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.openpush.domain.json.Json;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.List;
import java.util.Random;

/**
 * Realistic app traffic for {@code bin/local-stack --demo}: a few hundred users of a shop app
 * opening the app, browsing, adding to cart and buying, on iOS and Android, in a few cities. It
 * defines segments through the API and prints how they fill, and empty again as windows pass. Half
 * the users register a phone; a triggered cart-abandonment campaign reminds users a minute after
 * they add to cart unless they order; after a minute a campaign to big spenders goes out at once
 * and a second one is scheduled a minute later; the metrics of all three are printed as they send.
 */
final class DemoTraffic {
  static final String APP = "demo-shop";
  private static final List<String> CITIES = List.of("Berlin", "Paris", "Lisbon", "Austin");
  private static final List<String> SEGMENTS =
      List.of(
          "{'id':'active-2m','name':'Opened the app in the last 2 minutes','condition':{'event':'Application Opened','within':'PT2M'}}",
          "{'id':'buyers-5m','name':'Bought in the last 5 minutes','condition':{'event':'Order Completed','within':'PT5M'}}",
          "{'id':'big-spenders','name':'Spent 150+ in 90 days','condition':{'computed':'monetary90d','op':'gte','value':150}}",
          "{'id':'berlin-ios','name':'Berlin on iOS','condition':{'and':[{'trait':'city','op':'eq','value':'Berlin'},{'platform':'ios'}]}}",
          "{'id':'cart-abandoners','name':'Added to cart, no order in 3 minutes','condition':{'and':[{'event':'Product Added','within':'PT10M'},{'not':{'event':'Order Completed','within':'PT3M'}}]}}",
          "{'id':'berlin-big-spenders','name':'Big spenders in Berlin','condition':{'and':[{'segment':'big-spenders'},{'trait':'city','op':'eq','value':'Berlin'}]}}");

  private static final List<String> CAMPAIGNS =
      List.of("cart-reminder", "thanks-now", "thanks-later");
  private static final List<String> PRODUCTS = List.of("Red shoes", "Blue bag", "Green hat");

  private final LocalStack stack;
  private final HttpClient http = HttpClient.newHttpClient();
  private final Random random = new Random(7);
  private int messageIds;

  DemoTraffic(LocalStack stack) {
    this.stack = stack;
  }

  void run() throws Exception {
    for (String segment : SEGMENTS) {
      send("POST", "/v1/apps/" + APP + "/segments", segment.replace('\'', '"'));
    }
    System.out.println(
        "Demo: "
            + SEGMENTS.size()
            + " segments defined in app "
            + APP
            + "; sending traffic (Ctrl-C stops)");
    for (int user = 0; user < 300; user += 2) {
      send(
          "PUT",
          "/v1/apps/" + APP + "/users/user-" + user + "/devices/phone",
          "{\"platform\":\""
              + (user % 3 == 0 ? "GCM" : "APNS")
              + "\",\"token\":\"demo-token-"
              + user
              + "\"}");
    }
    send(
        "POST",
        "/v1/apps/" + APP + "/templates",
        "{\"id\":\"thanks\",\"name\":\"Thank you\",\"title\":\"Thanks, {{default traits.email \\\"friend\\\"}}\","
            + "\"body\":\"You spent {{computed.monetary90d}} with us: here is 10% off\",\"deepLink\":\"shop://offers\"}");
    send(
        "POST",
        "/v1/apps/" + APP + "/templates",
        "{\"id\":\"cart\",\"name\":\"Cart reminder\","
            + "\"title\":\"Still thinking about {{default event.properties.name \\\"your cart\\\"}}?\","
            + "\"body\":\"It is waiting for you\",\"deepLink\":\"shop://cart\"}");
    System.out.println(
        "Demo: 150 users registered a phone; templates \"thanks\" and \"cart\" created");
    // Cart abandonment, at demo speed: a minute after "Product Added", unless an order came.
    launch(
        "{\"id\":\"cart-reminder\",\"name\":\"Cart reminder\",\"segmentId\":\"cart-abandoners\","
            + "\"templateId\":\"cart\",\"holdoutPercent\":10,"
            + "\"schedule\":{\"type\":\"triggered\",\"on\":{\"event\":\"Product Added\"},"
            + "\"delay\":\"PT1M\",\"exitOn\":{\"event\":\"Order Completed\"}},"
            + "\"conversion\":{\"event\":\"Order Completed\",\"within\":\"PT30M\"}}");
    for (int tick = 1; ; tick++) {
      if (tick == 60) {
        launch(
            "{\"id\":\"thanks-now\",\"name\":\"Thank big spenders\",\"segmentId\":\"big-spenders\","
                + "\"templateId\":\"thanks\",\"holdoutPercent\":10,\"schedule\":{\"type\":\"immediate\"}}");
        launch(
            "{\"id\":\"thanks-later\",\"name\":\"Thank big spenders again\",\"segmentId\":\"big-spenders\","
                + "\"variants\":[{\"id\":\"a\",\"weight\":1,\"templateId\":\"thanks\"},{\"id\":\"b\",\"weight\":1,\"templateId\":\"thanks\"}],"
                + "\"holdoutPercent\":10,\"schedule\":{\"type\":\"at\",\"at\":\""
                + Instant.now().plusSeconds(60)
                + "\"}}");
      }
      if (tick > 60 && tick % 10 == 0) {
        for (String campaign : CAMPAIGNS) {
          JsonNode metrics =
              send("GET", "/v1/apps/" + APP + "/campaigns/" + campaign + "/metrics", null);
          System.out.println("  " + campaign + ": " + summary(metrics));
        }
      }
      ArrayNode batch = Json.mapper().createArrayNode();
      for (int i = 0; i < 60; i++) {
        batch.add(randomEvent());
      }
      send("POST", "/v1/apps/" + APP + "/events", batch.toString());
      if (tick % 5 == 0) {
        StringBuilder line =
            new StringBuilder(Instant.now().toString().substring(11, 19)).append("  sizes:");
        for (String segment : SEGMENTS) {
          String id = Json.mapper().readTree(segment.replace('\'', '"')).get("id").asText();
          JsonNode size = send("GET", "/v1/apps/" + APP + "/segments/" + id + "/size", null);
          line.append(' ').append(id).append('=').append(size.path("count").asLong());
        }
        System.out.println(line);
      }
      Thread.sleep(1_000);
    }
  }

  /** One line of a campaign's metrics: per variant, then the holdout and the lift. */
  private static String summary(JsonNode metrics) {
    StringBuilder line = new StringBuilder();
    for (JsonNode v : metrics.path("variants")) {
      long suppressed = 0;
      for (JsonNode n : v.path("suppressed")) {
        suppressed += n.asLong();
      }
      line.append(
          "%s targeted %d sent %d suppressed %d exited %d opened %d converted %d; "
              .formatted(
                  v.path("id").asText(),
                  v.path("targeted").asLong(),
                  v.path("sent").asLong(),
                  suppressed,
                  v.path("exited").asLong(),
                  v.path("opened").asLong(),
                  v.path("converted").asLong()));
    }
    line.append(
        "holdout %d converted %d"
            .formatted(
                metrics.at("/holdout/targeted").asLong(),
                metrics.at("/holdout/converted").asLong()));
    for (JsonNode lift : metrics.path("lift")) {
      line.append(
          "; lift of %s %.1f points (p %.2f)"
              .formatted(
                  lift.path("variantId").asText(),
                  100
                      * (lift.path("conversionRate").asDouble()
                          - lift.path("holdoutRate").asDouble()),
                  lift.path("pValue").asDouble(Double.NaN)));
    }
    return line.toString();
  }

  private void launch(String campaign) throws Exception {
    JsonNode created = send("POST", "/v1/apps/" + APP + "/campaigns", campaign);
    JsonNode launched =
        send(
            "POST",
            "/v1/apps/" + APP + "/campaigns/" + created.path("id").asText() + "/launch",
            null);
    System.out.println(
        "Demo: campaign "
            + created.path("id").asText()
            + " launched: "
            + launched.path("status").asText()
            + " ("
            + created.path("schedule")
            + ")");
  }

  private ObjectNode randomEvent() {
    int user = random.nextInt(300);
    ObjectNode event = Json.object();
    event.put("messageId", "demo-" + (++messageIds) + "-" + System.nanoTime());
    event.put("userId", "user-" + user);
    event.put("timestamp", Instant.now().toString());
    ObjectNode context = event.putObject("context");
    context.putObject("os").put("name", user % 3 == 0 ? "Android" : "iOS");
    context.putObject("app").put("version", user % 5 == 0 ? "3.1.0" : "3.4.1");
    context.put("timezone", "Europe/Berlin");
    int dice = random.nextInt(100);
    if (dice < 5) {
      event.put("type", "identify");
      event
          .putObject("traits")
          .put("city", CITIES.get(user % CITIES.size()))
          .put("email", "user-" + user + "@example.com");
    } else if (dice < 45) {
      event.put("type", "track").put("event", "Application Opened");
    } else if (dice < 75) {
      event.put("type", "track").put("event", "Product Viewed");
      event.putObject("properties").put("category", random.nextBoolean() ? "shoes" : "bags");
    } else if (dice < 85) {
      event.put("type", "track").put("event", "Product Added");
      event.putObject("properties").put("name", PRODUCTS.get(random.nextInt(PRODUCTS.size())));
    } else if (dice < 90) {
      // What the apps report back: a push opened (counted only for users it went to).
      event.put("type", "track").put("event", "Push Notification Tapped");
      event.putObject("properties").put("campaignId", CAMPAIGNS.get(random.nextInt(3)));
    } else {
      event.put("type", "track").put("event", "Order Completed");
      event.putObject("properties").put("revenue", 20 + random.nextInt(120));
    }
    return event;
  }

  private JsonNode send(String method, String path, String body) throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(stack.apiUrl() + path))
            .header("Content-Type", "application/json");
    String key = System.getenv("API_KEY");
    if (key != null && !key.isBlank()) {
      request.header("x-api-key", key);
    }
    request.method(
        method,
        body == null
            ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofString(body));
    HttpResponse<String> response =
        http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    return response.body().isEmpty() ? Json.object() : Json.mapper().readTree(response.body());
  }
}
