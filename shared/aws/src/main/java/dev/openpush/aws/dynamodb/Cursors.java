package dev.openpush.aws.dynamodb;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.openpush.domain.json.Json;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Opaque page cursors: the list they page (for example {@code members/shop/vip}) and DynamoDB's
 * last evaluated key, as base64url JSON. A cursor is taken back only for the list it was issued for
 * and only with the key shape that list has, so a forged cursor, one of another app, or one of
 * another segment's members is a client error, never a query DynamoDB refuses.
 */
public final class Cursors {
  /** Far longer than any cursor this service issues (keys are at most a few hundred bytes). */
  private static final int MAX_CURSOR_CHARS = 4_096;

  private Cursors() {}

  /**
   * @param list names the exact list being paged, so its cursors fit no other
   */
  public static String encode(String list, Map<String, AttributeValue> lastKey) {
    if (lastKey == null || lastKey.isEmpty()) {
      return null;
    }
    ObjectNode node = Json.object().put("l", list);
    ObjectNode key = node.putObject("k");
    lastKey.forEach((k, v) -> key.put(k, v.s()));
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString(node.toString().getBytes(StandardCharsets.UTF_8));
  }

  /**
   * The start key a cursor stands for, or null for the first page.
   *
   * @param keyNames the attributes of the list's key, every one a string
   * @param fixed attributes whose value every key of the list shares (its partition)
   * @param sortPrefix the attribute and prefix every key's sort value starts with, or null
   * @throws InvalidCursorException when the cursor was not issued for this list
   */
  public static Map<String, AttributeValue> decode(
      String cursor,
      String list,
      Set<String> keyNames,
      Map<String, String> fixed,
      Map.Entry<String, String> sortPrefix) {
    if (cursor == null || cursor.isEmpty()) {
      return null;
    }
    if (cursor.length() > MAX_CURSOR_CHARS) {
      throw new InvalidCursorException();
    }
    JsonNode node;
    try {
      node = Json.mapper().readTree(Base64.getUrlDecoder().decode(cursor));
    } catch (Exception e) {
      throw new InvalidCursorException();
    }
    if (node == null
        || !node.isObject()
        || !list.equals(node.path("l").asText(null))
        || !node.path("k").isObject()) {
      throw new InvalidCursorException();
    }
    Map<String, AttributeValue> key = new HashMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = node.get("k").fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      if (!e.getValue().isTextual() || e.getValue().asText().isEmpty()) {
        throw new InvalidCursorException();
      }
      key.put(e.getKey(), AttributeValue.fromS(e.getValue().asText()));
    }
    if (!key.keySet().equals(keyNames)) {
      throw new InvalidCursorException();
    }
    fixed.forEach(
        (name, value) -> {
          if (!value.equals(key.get(name).s())) {
            throw new InvalidCursorException();
          }
        });
    if (sortPrefix != null && !key.get(sortPrefix.getKey()).s().startsWith(sortPrefix.getValue())) {
      throw new InvalidCursorException();
    }
    return key;
  }

  /** A cursor that this service did not hand out for the list asked for. */
  public static final class InvalidCursorException extends IllegalArgumentException {
    public InvalidCursorException() {
      super("cursor is not one this API returned for this list; start again without a cursor");
    }
  }
}
