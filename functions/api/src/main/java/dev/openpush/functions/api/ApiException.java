package dev.openpush.functions.api;

import java.util.Map;

/** A client error with its HTTP status, a stable error code and any headers it needs. */
public final class ApiException extends RuntimeException {
  private final int status;
  private final String code;
  private final Map<String, String> headers;

  public ApiException(int status, String code, String message) {
    this(status, code, message, Map.of());
  }

  public ApiException(int status, String code, String message, Map<String, String> headers) {
    super(message, null, false, false);
    this.status = status;
    this.code = code;
    this.headers = headers;
  }

  public static ApiException badRequest(String message) {
    return new ApiException(400, "invalid_request", message);
  }

  public static ApiException notFound(String message) {
    return new ApiException(404, "not_found", message);
  }

  public ApiResponse response() {
    ApiResponse error = ApiResponse.error(status, code, getMessage());
    return new ApiResponse(error.status(), error.body(), headers);
  }
}
