package dev.openpush.functions.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.openpush.domain.json.Json;

/** A status and an optional JSON body. */
public record ApiResponse(int status, JsonNode body) {
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
