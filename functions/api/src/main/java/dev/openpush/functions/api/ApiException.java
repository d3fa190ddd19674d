package dev.openpush.functions.api;

/** A client error with its HTTP status and a stable error code. */
public final class ApiException extends RuntimeException {
  private final int status;
  private final String code;

  public ApiException(int status, String code, String message) {
    super(message);
    this.status = status;
    this.code = code;
  }

  public static ApiException badRequest(String message) {
    return new ApiException(400, "invalid_request", message);
  }

  public static ApiException notFound(String message) {
    return new ApiException(404, "not_found", message);
  }

  public ApiResponse response() {
    return ApiResponse.error(status, code, getMessage());
  }
}
