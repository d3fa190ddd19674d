package dev.openpush.domain.delivery;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.openpush.domain.template.RenderedMessage;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What SNS is asked to deliver to one device (SPEC 3): a {@code MessageStructure=json} message with
 * a {@code default} text and the device's platform key, whose value is the platform's payload as a
 * JSON string. Jackson writes every string, so quotes, backslashes, control characters and emoji in
 * a rendered text are escaped as JSON requires, once per level.
 *
 * <p>APNs and FCM both refuse payloads over 4 KB. A message over it is shortened: the body first,
 * then the title, by whole code points, ending in "…"; the deep link, data and identifiers are
 * never cut. If they alone exceed the limit the message cannot be sent ({@link #forDevice} is
 * empty), which template creation already refuses for the template's own text.
 */
public final class PushPayload {
  /** APNs' limit for a remote notification and FCM's for a message's payload, in bytes. */
  public static final int MAX_BYTES = 4096;

  /** Keys a template's data may not use: the payload's own. */
  public static final Set<String> RESERVED_DATA_KEYS =
      Set.of("aps", "deepLink", "campaignId", "runId", "variantId");

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String ELLIPSIS = "…";

  private PushPayload() {}

  /** Who the message is from, carried in every payload so that opens can be attributed. */
  public record Attribution(String campaignId, String runId, String variantId) {}

  /** The SNS message for a device of {@code platform}, or empty if it cannot fit. */
  public static Optional<String> forDevice(
      Platform platform, RenderedMessage message, Attribution from) {
    String title = message.title();
    String body = message.body();
    String payload = platformPayload(platform, title, body, message, from);
    if (fits(payload)) {
      return Optional.of(snsMessage(platform, body, payload));
    }
    body = shortest(platform, title, body, message, from, true);
    if (body == null) {
      title = shortest(platform, title, "", message, from, false);
      if (title == null) {
        return Optional.empty();
      }
      body = "";
    }
    payload = platformPayload(platform, title, body, message, from);
    return Optional.of(snsMessage(platform, body, payload));
  }

  /**
   * The longest prefix (plus an ellipsis) of the body, or of the title with an empty body, that
   * fits; null if not even an empty one does.
   */
  private static String shortest(
      Platform platform,
      String title,
      String body,
      RenderedMessage message,
      Attribution from,
      boolean cuttingBody) {
    String text = cuttingBody ? body : title;
    int[] codePoints = text.codePoints().toArray();
    int low = 0;
    int high = codePoints.length - 1;
    String best = null;
    while (low <= high) {
      int keep = (low + high) >>> 1;
      String cut = new String(codePoints, 0, keep) + ELLIPSIS;
      String payload =
          cuttingBody
              ? platformPayload(platform, title, cut, message, from)
              : platformPayload(platform, cut, body, message, from);
      if (fits(payload)) {
        best = cut;
        low = keep + 1;
      } else {
        high = keep - 1;
      }
    }
    if (best == null) {
      String empty =
          cuttingBody
              ? platformPayload(platform, title, "", message, from)
              : platformPayload(platform, "", body, message, from);
      return fits(empty) ? "" : null;
    }
    return best;
  }

  private static boolean fits(String payload) {
    return payload.getBytes(StandardCharsets.UTF_8).length <= MAX_BYTES;
  }

  static String platformPayload(
      Platform platform, String title, String body, RenderedMessage message, Attribution from) {
    ObjectNode root = JSON.createObjectNode();
    if (platform.isApple()) {
      ObjectNode alert = root.putObject("aps").putObject("alert");
      alert.put("title", title);
      alert.put("body", body);
      for (Map.Entry<String, String> value : message.data().entrySet()) {
        root.put(value.getKey(), value.getValue());
      }
      attribute(root, message, from);
    } else {
      ObjectNode fcm = root.putObject("fcmV1Message").putObject("message");
      ObjectNode notification = fcm.putObject("notification");
      notification.put("title", title);
      notification.put("body", body);
      ObjectNode data = fcm.putObject("data");
      for (Map.Entry<String, String> value : message.data().entrySet()) {
        data.put(value.getKey(), value.getValue());
      }
      attribute(data, message, from);
    }
    return root.toString();
  }

  private static void attribute(ObjectNode into, RenderedMessage message, Attribution from) {
    if (message.deepLink() != null) {
      into.put("deepLink", message.deepLink());
    }
    into.put("campaignId", from.campaignId());
    into.put("runId", from.runId());
    into.put("variantId", from.variantId());
  }

  private static String snsMessage(Platform platform, String text, String payload) {
    ObjectNode sns = JSON.createObjectNode();
    sns.put("default", text);
    sns.put(platform.name(), payload);
    return sns.toString();
  }
}
