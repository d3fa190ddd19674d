package dev.openpush.functions.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.openpush.domain.event.Ids;
import dev.openpush.domain.json.Json;
import java.util.Locale;

/** Request body and parameter reading with client-facing errors. */
final class Bodies {
  static final int MAX_BODY_BYTES = 6 * 1024 * 1024;

  private Bodies() {}

  static JsonNode json(ApiRequest request) {
    requireJsonContentType(request);
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

  /**
   * A JSON body must say so: {@code application/json} or a {@code +json} type, in UTF-8. Anything
   * else (a form, text/plain, no type at all) is refused before it is read.
   */
  private static void requireJsonContentType(ApiRequest request) {
    String type = request.header("Content-Type");
    String media = type == null ? "" : type.split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
    boolean json = media.equals("application/json") || media.endsWith("+json");
    String charset = type == null ? null : charset(type);
    if (!json || (charset != null && !charset.equals("utf-8"))) {
      throw new ApiException(
          415,
          "unsupported_media_type",
          "send the body as Content-Type: application/json (UTF-8)"
              + (type == null ? "; no Content-Type was given" : "; got " + quote(type)));
    }
  }

  private static String charset(String contentType) {
    for (String part : contentType.split(";")) {
      String p = part.strip().toLowerCase(Locale.ROOT);
      if (p.startsWith("charset=")) {
        return p.substring("charset=".length()).replace("\"", "");
      }
    }
    return null;
  }

  /** A client-supplied string, shortened and stripped of control characters, fit for a message. */
  static String quote(String value) {
    String shown = value.length() > 64 ? value.substring(0, 64) + "…" : value;
    return "\"" + shown.replaceAll("\\p{Cntrl}", "?") + "\"";
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

  /** User ids follow the rule ingest applies ({@link Ids}), so every stored id can be named. */
  static String userId(String value) {
    String problem = Ids.userIdProblem(value);
    if (problem != null) {
      throw ApiException.badRequest("userId " + problem);
    }
    return value;
  }

  /** App and segment ids ({@link Ids#nameIdProblem}). */
  static String id(String value, String what) {
    String problem = Ids.nameIdProblem(value);
    if (problem != null) {
      throw ApiException.badRequest(what + " " + problem);
    }
    return value;
  }
}
