package dev.openpush.domain.json;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** The one JSON configuration the product uses, and path navigation for dotted names. */
public final class Json {
  private static final ObjectMapper MAPPER =
      new ObjectMapper()
          .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

  private Json() {}

  /** A shared, thread-safe mapper; callers must not reconfigure it. */
  public static ObjectMapper mapper() {
    return MAPPER;
  }

  public static ObjectNode object() {
    return MAPPER.createObjectNode();
  }

  /**
   * The value at a dotted name ({@code address.city}) inside an object, or null when any step is
   * missing, not an object, or JSON null (null means absent throughout the product).
   */
  public static JsonNode at(JsonNode root, String dottedName) {
    if (dottedName.indexOf('.') < 0) {
      // The common case, without cutting the name into parts.
      JsonNode value = root != null && root.isObject() ? root.get(dottedName) : null;
      return value == null || value.isNull() || value.isMissingNode() ? null : value;
    }
    JsonNode node = root;
    int start = 0;
    while (node != null) {
      int dot = dottedName.indexOf('.', start);
      String key = dot < 0 ? dottedName.substring(start) : dottedName.substring(start, dot);
      if (!node.isObject()) {
        return null;
      }
      node = node.get(key);
      if (dot < 0) {
        break;
      }
      start = dot + 1;
    }
    return node == null || node.isNull() || node.isMissingNode() ? null : node;
  }
}
