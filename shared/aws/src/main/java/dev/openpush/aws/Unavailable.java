package dev.openpush.aws;

import java.io.IOException;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkServiceException;

/**
 * Tells a dependency that is down or overloaded (a refused connection, a time-out, a 5xx or
 * throttling answer after the SDK's own retries) from a bug, and names the AWS service, so that a
 * caller can answer "503, kinesis is unavailable" instead of a bare 500.
 */
public final class Unavailable {
  private static final Pattern SERVICE_PACKAGE =
      Pattern.compile("^software\\.amazon\\.awssdk\\.services\\.([a-z0-9]+)\\.");

  private Unavailable() {}

  /** The SDK name of the unavailable service ({@code kinesis}, {@code dynamodb}), if it is one. */
  public static Optional<String> service(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof SdkServiceException service
          && (service.statusCode() >= 500 || service.isThrottlingException())) {
        return Optional.of(serviceOf(t));
      }
      if (t instanceof SdkClientException && hasIoCause(t)) {
        return Optional.of(serviceOf(t));
      }
    }
    return Optional.empty();
  }

  private static boolean hasIoCause(Throwable t) {
    for (Throwable c = t; c != null; c = c.getCause()) {
      if (c instanceof IOException) {
        return true;
      }
    }
    return false;
  }

  /** The service's package: the exception's own class, else the first client frame of the call. */
  private static String serviceOf(Throwable t) {
    Matcher own = SERVICE_PACKAGE.matcher(t.getClass().getName());
    if (own.find()) {
      return own.group(1);
    }
    for (StackTraceElement frame : t.getStackTrace()) {
      Matcher m = SERVICE_PACKAGE.matcher(frame.getClassName());
      if (m.find()) {
        return m.group(1);
      }
    }
    return "an AWS service";
  }
}
