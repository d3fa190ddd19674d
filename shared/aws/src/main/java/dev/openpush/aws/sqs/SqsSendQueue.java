package dev.openpush.aws.sqs;

import dev.openpush.domain.campaign.SendQueue;
import dev.openpush.domain.campaign.SendTask;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchResponse;

/**
 * The send queue on SQS: tasks as JSON ({@link SendTasks}), ten to a request. A task due later is
 * delayed by up to SQS's 15 minutes; the sender puts back what is still early, hop by hop.
 */
public final class SqsSendQueue implements SendQueue {
  private static final int MAX_DELAY_SECONDS = 900;

  private final SqsClient sqs;
  private final String queueUrl;
  private final Clock clock;

  public SqsSendQueue(SqsClient sqs, String queueUrl, Clock clock) {
    this.sqs = sqs;
    this.queueUrl = queueUrl;
    this.clock = clock;
  }

  @Override
  public void enqueue(List<SendTask> tasks) {
    for (int from = 0; from < tasks.size(); from += 10) {
      List<SendMessageBatchRequestEntry> entries = new ArrayList<>();
      for (int i = from; i < Math.min(tasks.size(), from + 10); i++) {
        SendTask task = tasks.get(i);
        int delay = 0;
        if (task instanceof SendTask.SendTo sendTo && sendTo.notBefore() != null) {
          long seconds = Duration.between(clock.instant(), sendTo.notBefore()).toSeconds();
          delay = (int) Math.max(0, Math.min(MAX_DELAY_SECONDS, seconds));
        }
        int delaySeconds = delay;
        String id = Integer.toString(i);
        entries.add(
            SendMessageBatchRequestEntry.builder()
                .id(id)
                .messageBody(SendTasks.toJson(task))
                .delaySeconds(delaySeconds)
                .build());
      }
      SendMessageBatchResponse response =
          sqs.sendMessageBatch(b -> b.queueUrl(queueUrl).entries(entries));
      if (response.hasFailed() && !response.failed().isEmpty()) {
        // Nothing is dropped quietly: the caller's batch fails and is retried whole (each task is
        // idempotent by run and user).
        throw new IllegalStateException(
            "the send queue refused "
                + response.failed().size()
                + " task(s): "
                + response.failed().getFirst().message());
      }
    }
  }
}
