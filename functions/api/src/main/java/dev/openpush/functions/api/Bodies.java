package dev.openpush.functions.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.openpush.domain.json.Json;

/** Request body and parameter reading with client-facing errors. */
final class Bodies {
  static final int MAX_BODY_BYTES = 6 * 1024 * 1024;
  private static final java.util.regex.Pattern ID =
      java.util.regex.Pattern.compile("[A-Za-z0-9_.:@+-]{1,128}");

  private Bodies() {}

  static JsonNode json(ApiRequest request) {
    if (request.body() == null || request.body().isBlank()) {
      throw ApiException.badRequest("a JSON body is required");
    }
    if (request.body().length() > MAX_BODY_BYTES) {
      throw new ApiException(
          413, "payload_too_large", "the body is larger than " + MAX_BODY_BYTES + " bytes");
    }
    try {
      return Json.mapper().readTree(request.body());
    } catch (JsonProcessingException e) {
      throw ApiException.badRequest("the body is not valid JSON: " + e.getOriginalMessage());
    }
  }

  static JsonNode object(ApiRequest request) {
    JsonNode body = json(request);
    if (!body.isObject()) {
      throw ApiException.badRequest("the body must be a JSON object");
    }
    return body;
  }

  static int limit(ApiRequest request, int fallback, int max) {
    String raw = request.queryParam("limit");
    if (raw == null || raw.isEmpty()) {
      return fallback;
    }
    try {
      int limit = Integer.parseInt(raw);
      if (limit < 1 || limit > max) {
        throw ApiException.badRequest("limit must be between 1 and " + max);
      }
      return limit;
    } catch (NumberFormatException e) {
      throw ApiException.badRequest("limit must be a whole number");
    }
  }

  /** User ids are whatever the app sends, within the limits the event parser enforces. */
  static String userId(String value) {
    if (value == null
        || value.isEmpty()
        || value.length() > 256
        || value.indexOf('#') >= 0
        || value.chars().anyMatch(Character::isISOControl)) {
      throw ApiException.badRequest(
          "userId must be 1 to 256 characters, without '#' or control characters");
    }
    return value;
  }

  /** App and segment ids: printable, no separators the storage keys use. */
  static String id(String value, String what) {
    if (value == null || !ID.matcher(value).matches()) {
      throw ApiException.badRequest(what + " must be 1 to 128 letters, digits or _.:@+-");
    }
    return value;
  }
}
