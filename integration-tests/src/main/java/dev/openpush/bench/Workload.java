package dev.openpush.bench;

import com.fasterxml.jackson.databind.JsonNode;
import dev.openpush.domain.json.Json;
import dev.openpush.domain.segment.Segment;
import dev.openpush.domain.segment.SegmentStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** Realistic shop-app traffic and segment definitions, reproducible from a seed. */
final class Workload {
  static final String APP = "bench";
  static final List<String> EVENTS =
      List.of(
          "Application Opened",
          "Product Viewed",
          "Product Added",
          "Checkout Started",
          "Order Completed",
          "Push Notification Received",
          "Push Notification Tapped",
          "Search",
          "Wishlist Added",
          "Review Written");
  private static final List<String> CITIES =
      List.of("Berlin", "Paris", "Lisbon", "Austin", "Osaka", "Lagos");
  private static final List<String> CATEGORIES = List.of("shoes", "bags", "hats", "coats");

  private final Random random;
  private long messageId;

  Workload(long seed) {
    this.random = new Random(seed);
  }

  /** A mix of the leaf kinds marketers use, a third of them combined with and/or/not. */
  List<Segment> segments(int count, Instant now) {
    List<Segment> segments = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      String condition =
          switch (random.nextInt(3)) {
            case 0 -> leaf();
            case 1 -> "{\"and\":[" + leaf() + "," + leaf() + "]}";
            default -> "{\"or\":[" + leaf() + ",{\"not\":" + leaf() + "}]}";
          };
      JsonNode definition = json(condition);
      segments.add(
          new Segment(
              APP,
              "seg-" + i,
              "segment " + i,
              null,
              definition,
              Segment.parse(definition),
              SegmentStatus.LIVE,
              1,
              now,
              now));
    }
    return segments;
  }

  private String leaf() {
    String event = EVENTS.get(random.nextInt(EVENTS.size()));
    return switch (random.nextInt(8)) {
      case 0 -> "{\"event\":\"" + event + "\",\"within\":\"P" + (1 + random.nextInt(30)) + "D\"}";
      case 1 ->
          "{\"event\":\""
              + event
              + "\",\"within\":\"P30D\",\"count\":{\"op\":\"gte\",\"value\":"
              + (2 + random.nextInt(5))
              + "}}";
      case 2 ->
          "{\"event\":\"Order Completed\",\"within\":\"P90D\",\"sum\":\"revenue\",\"op\":\"gte\",\"value\":"
              + (50 + random.nextInt(300))
              + "}";
      case 3 ->
          "{\"trait\":\"city\",\"op\":\"eq\",\"value\":\""
              + CITIES.get(random.nextInt(CITIES.size()))
              + "\"}";
      case 4 -> "{\"platform\":\"" + (random.nextBoolean() ? "ios" : "android") + "\"}";
      case 5 ->
          "{\"computed\":\"recencyDays\",\"op\":\"gt\",\"value\":" + (7 + random.nextInt(60)) + "}";
      case 6 ->
          "{\"event\":\"Product Viewed\",\"where\":[{\"property\":\"category\",\"op\":\"eq\",\"value\":\""
              + CATEGORIES.get(random.nextInt(CATEGORIES.size()))
              + "\"}],\"within\":\"P14D\"}";
      default -> "{\"appVersion\":{\"op\":\"gte\",\"value\":\"3." + random.nextInt(6) + ".0\"}}";
    };
  }

  /** One event of a user at a time, as a Segment-spec JSON record. */
  byte[] event(String user, Instant at) {
    int dice = random.nextInt(100);
    String body;
    if (dice < 3) {
      body =
          "\"type\":\"identify\",\"traits\":{\"city\":\""
              + CITIES.get(random.nextInt(CITIES.size()))
              + "\",\"email\":\""
              + user
              + "@example.com\",\"plan\":\""
              + (random.nextBoolean() ? "free" : "pro")
              + "\"}";
    } else {
      String name =
          dice < 30
              ? "Application Opened"
              : dice < 65
                  ? "Product Viewed"
                  : dice < 78
                      ? "Product Added"
                      : dice < 85
                          ? "Checkout Started"
                          : dice < 90 ? "Order Completed" : EVENTS.get(5 + random.nextInt(5));
      String properties =
          switch (name) {
            case "Order Completed" ->
                "{\"revenue\":"
                    + (10 + random.nextInt(200))
                    + ".5,\"currency\":\"EUR\",\"items\":"
                    + (1 + random.nextInt(4))
                    + "}";
            case "Product Viewed", "Product Added" ->
                "{\"category\":\""
                    + CATEGORIES.get(random.nextInt(CATEGORIES.size()))
                    + "\",\"sku\":\"SKU-"
                    + random.nextInt(5000)
                    + "\",\"price\":"
                    + (5 + random.nextInt(150))
                    + "}";
            default -> "{}";
          };
      body = "\"type\":\"track\",\"event\":\"" + name + "\",\"properties\":" + properties;
    }
    String os = Math.floorMod(user.hashCode(), 3) == 0 ? "Android" : "iOS";
    String json =
        "{"
            + body
            + ",\"messageId\":\"m-"
            + (++messageId)
            + "\",\"userId\":\""
            + user
            + "\",\"appId\":\""
            + APP
            + "\",\"timestamp\":\""
            + at
            + "\",\"context\":{\"os\":{\"name\":\""
            + os
            + "\"},\"app\":{\"version\":\"3."
            + Math.floorMod(user.hashCode(), 6)
            + ".1\"},\"timezone\":\"Europe/Berlin\",\"locale\":\"de-DE\"}}";
    return json.getBytes(java.nio.charset.StandardCharsets.UTF_8);
  }

  /** A session: a few events of one user close together, as a Kinesis shard delivers them. */
  List<byte[]> session(String user, Instant start) {
    List<byte[]> events = new ArrayList<>();
    int length = 2 + random.nextInt(5);
    for (int i = 0; i < length; i++) {
      events.add(event(user, start.plus(Duration.ofSeconds(20L * i))));
    }
    return events;
  }

  String user(int population) {
    // Skewed: a fifth of the users send most of the traffic.
    int id =
        random.nextInt(5) < 4
            ? random.nextInt(Math.max(1, population / 5))
            : random.nextInt(population);
    return "user-" + id;
  }

  Random random() {
    return random;
  }

  static JsonNode json(String text) {
    try {
      return Json.mapper().readTree(text);
    } catch (Exception e) {
      throw new IllegalArgumentException(text, e);
    }
  }
}
