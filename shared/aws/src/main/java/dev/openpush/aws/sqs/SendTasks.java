package dev.openpush.aws.sqs;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.openpush.domain.campaign.SendTask;
import dev.openpush.domain.json.Json;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Send tasks as SQS message bodies. */
public final class SendTasks {
  private SendTasks() {}

  /** A message body that is not a send task: a poison message. */
  public static final class MalformedTaskException extends RuntimeException {
    MalformedTaskException(String message) {
      super(message);
    }
  }

  public static String toJson(SendTask task) {
    ObjectNode out = Json.object();
    out.put("app", task.appId()).put("campaign", task.campaignId()).put("run", task.runId());
    switch (task) {
      case SendTask.FanOut f -> {
        out.put("type", "fanOut").put("runStartedAt", f.runStartedAt().toEpochMilli());
        out.put("cursor", f.cursor());
      }
      case SendTask.SendTo s -> {
        out.put("type", "sendTo").put("runStartedAt", s.runStartedAt().toEpochMilli());
        ArrayNode users = out.putArray("users");
        s.userIds().forEach(users::add);
        if (s.notBefore() != null) {
          out.put("notBefore", s.notBefore().toEpochMilli());
        }
        if (s.trigger() != null) {
          ObjectNode trigger = out.putObject("trigger");
          trigger.put("id", s.trigger().id()).put("at", s.trigger().at().toEpochMilli());
          if (s.trigger().properties() != null) {
            trigger.set("properties", s.trigger().properties());
          }
        }
      }
    }
    return out.toString();
  }

  public static SendTask fromJson(String body) {
    JsonNode in;
    try {
      in = Json.mapper().readTree(body);
    } catch (JsonProcessingException e) {
      throw new MalformedTaskException("not JSON");
    }
    if (in == null
        || !in.path("app").isTextual()
        || !in.path("campaign").isTextual()
        || !in.path("run").isTextual()
        || !in.path("runStartedAt").canConvertToLong()) {
      throw new MalformedTaskException("not a send task");
    }
    Instant started = Instant.ofEpochMilli(in.get("runStartedAt").asLong());
    return switch (in.path("type").asText()) {
      case "fanOut" ->
          new SendTask.FanOut(
              in.get("app").asText(),
              in.get("campaign").asText(),
              in.get("run").asText(),
              started,
              in.hasNonNull("cursor") ? in.get("cursor").asText() : null);
      case "sendTo" -> {
        List<String> users = new ArrayList<>();
        for (JsonNode user : in.path("users")) {
          if (!user.isTextual()) {
            throw new MalformedTaskException("a user id is not a string");
          }
          users.add(user.asText());
        }
        yield new SendTask.SendTo(
            in.get("app").asText(),
            in.get("campaign").asText(),
            in.get("run").asText(),
            started,
            users,
            in.hasNonNull("notBefore") ? Instant.ofEpochMilli(in.get("notBefore").asLong()) : null,
            trigger(in.get("trigger")));
      }
      default -> throw new MalformedTaskException("unknown task type");
    };
  }

  private static SendTask.Trigger trigger(JsonNode in) {
    if (in == null || in.isNull()) {
      return null;
    }
    if (!in.path("id").isTextual() || !in.path("at").canConvertToLong()) {
      throw new MalformedTaskException("not a trigger");
    }
    JsonNode properties = in.get("properties");
    return new SendTask.Trigger(
        in.get("id").asText(),
        Instant.ofEpochMilli(in.get("at").asLong()),
        properties != null && properties.isObject() ? properties : null);
  }
}
