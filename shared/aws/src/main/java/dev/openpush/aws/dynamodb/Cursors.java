package dev.openpush.aws.dynamodb;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.openpush.domain.json.Json;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Opaque page cursors: DynamoDB's last evaluated key (string and number attributes), base64url
 * JSON.
 */
public final class Cursors {
  private Cursors() {}

  public static String encode(Map<String, AttributeValue> lastKey) {
    if (lastKey == null || lastKey.isEmpty()) {
      return null;
    }
    ObjectNode node = Json.object();
    lastKey.forEach(
        (k, v) -> {
          if (v.s() != null) {
            node.put(k, v.s());
          } else {
            node.putObject(k).put("n", v.n());
          }
        });
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString(node.toString().getBytes(StandardCharsets.UTF_8));
  }

  /**
   * @throws InvalidCursorException when the cursor was not made by {@link #encode}
   */
  public static Map<String, AttributeValue> decode(String cursor) {
    if (cursor == null || cursor.isEmpty()) {
      return null;
    }
    try {
      JsonNode node = Json.mapper().readTree(Base64.getUrlDecoder().decode(cursor));
      Map<String, AttributeValue> key = new HashMap<>();
      for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        key.put(
            e.getKey(),
            e.getValue().isTextual()
                ? AttributeValue.fromS(e.getValue().asText())
                : AttributeValue.fromN(e.getValue().get("n").asText()));
      }
      if (key.isEmpty()) {
        throw new InvalidCursorException();
      }
      return key;
    } catch (InvalidCursorException e) {
      throw e;
    } catch (Exception e) {
      throw new InvalidCursorException();
    }
  }

  /** A cursor that this service did not hand out. */
  public static final class InvalidCursorException extends IllegalArgumentException {
    public InvalidCursorException() {
      super("cursor is not one this API returned");
    }
  }
}
