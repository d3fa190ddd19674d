package dev.openpush.aws.lambda;

import com.amazonaws.services.lambda.runtime.Context;
import java.time.Duration;

/** How long a scheduled function may work: what Lambda has left of its timeout, less a margin. */
public final class Budget {
  /** Run locally (no Lambda context): a fixed half minute. */
  private static final Duration LOCAL = Duration.ofSeconds(30);

  private Budget() {}

  public static Duration of(Context context, Duration margin) {
    Duration budget =
        context == null
            ? LOCAL
            : Duration.ofMillis(context.getRemainingTimeInMillis()).minus(margin);
    return budget.isNegative() ? Duration.ofSeconds(1) : budget;
  }
}
