package dev.openpush.aws.sns;

import dev.openpush.domain.delivery.PublishResult;
import dev.openpush.domain.ports.PushPublisher;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import software.amazon.awssdk.services.sns.SnsAsyncClient;
import software.amazon.awssdk.services.sns.model.EndpointDisabledException;
import software.amazon.awssdk.services.sns.model.InvalidParameterException;
import software.amazon.awssdk.services.sns.model.NotFoundException;
import software.amazon.awssdk.services.sns.model.PlatformApplicationDisabledException;
import software.amazon.awssdk.services.sns.model.SnsException;

/**
 * Publishes through SNS's async client: the SDK's retry strategy retries throttling and server
 * errors with back-off and jitter; what SNS says of the device (disabled, gone, refused) is an
 * answer, not a failure, and is never retried.
 */
public final class SnsPublisher implements PushPublisher {
  private final SnsAsyncClient sns;

  public SnsPublisher(SnsAsyncClient sns) {
    this.sns = sns;
  }

  @Override
  public CompletableFuture<PublishResult> publish(String endpointArn, String message) {
    return sns.publish(b -> b.targetArn(endpointArn).messageStructure("json").message(message))
        .<PublishResult>thenApply(r -> new PublishResult.Accepted(r.messageId()))
        .exceptionally(SnsPublisher::answer);
  }

  private static PublishResult answer(Throwable failure) {
    Throwable cause =
        failure instanceof CompletionException && failure.getCause() != null
            ? failure.getCause()
            : failure;
    return switch (cause) {
      case EndpointDisabledException e -> new PublishResult.DeviceGone("endpoint disabled");
      case NotFoundException e -> new PublishResult.DeviceGone("endpoint not found");
      case InvalidParameterException e -> new PublishResult.Refused(detail(e));
      case PlatformApplicationDisabledException e -> new PublishResult.Refused(detail(e));
      default -> throw new CompletionException(cause);
    };
  }

  private static String detail(SnsException e) {
    return e.awsErrorDetails() != null ? e.awsErrorDetails().errorMessage() : e.getMessage();
  }
}
