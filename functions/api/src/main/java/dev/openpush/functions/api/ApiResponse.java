package dev.openpush.functions.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.openpush.domain.json.Json;
import java.util.Map;

/** A status, an optional JSON body and headers beyond Content-Type (such as Retry-After). */
public record ApiResponse(int status, JsonNode body, Map<String, String> headers) {
  public ApiResponse(int status, JsonNode body) {
    this(status, body, Map.of());
  }

  public static ApiResponse ok(JsonNode body) {
    return new ApiResponse(200, body);
  }

  public static ApiResponse created(JsonNode body) {
    return new ApiResponse(201, body);
  }

  public static ApiResponse noContent() {
    return new ApiResponse(204, null);
  }

  public static ApiResponse error(int status, String code, String message) {
    return new ApiResponse(status, Json.object().put("error", code).put("message", message));
  }

  public String bodyText() {
    return body == null ? "" : body.toString();
  }
}
