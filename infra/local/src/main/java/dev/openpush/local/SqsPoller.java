package dev.openpush.local;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.logging.Level;
import java.util.logging.Logger;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * Lambda's SQS event source, reproduced: long-polls batches of the template's size, hands them to
 * the function, deletes the messages it did not report as failed; failed ones become visible again
 * after the queue's visibility timeout and move to the dead-letter queue by the queue's redrive
 * policy. A function that throws fails the whole batch.
 */
final class SqsPoller implements AutoCloseable {
  private static final Logger LOG = Logger.getLogger(SqsPoller.class.getName());

  private final SqsClient sqs;
  private final String queueUrl;
  private final int batchSize;
  private final Function<SQSEvent, SQSBatchResponse> function;
  private final Thread thread;
  private volatile boolean running = true;
  private volatile Instant lastIdle = Instant.EPOCH;

  SqsPoller(
      SqsClient sqs,
      String queueUrl,
      int batchSize,
      Function<SQSEvent, SQSBatchResponse> function) {
    this.sqs = sqs;
    this.queueUrl = queueUrl;
    this.batchSize = batchSize;
    this.function = function;
    this.thread = new Thread(this::run, "sqs-" + queueUrl.substring(queueUrl.lastIndexOf('/') + 1));
    this.thread.setDaemon(true);
  }

  void start() {
    thread.start();
  }

  /** Whether a receive found the queue empty after {@code since}: all visible work is done. */
  boolean idleSince(Instant since) {
    return lastIdle.isAfter(since);
  }

  /**
   * Waits until the queue holds nothing visible, in flight or delayed: every task queued so far
   * (and every task those queued) is done or dead-lettered.
   */
  void awaitDrained(Duration timeout) {
    Instant deadline = Instant.now().plus(timeout);
    while (true) {
      Map<QueueAttributeName, String> counts =
          sqs.getQueueAttributes(
                  b ->
                      b.queueUrl(queueUrl)
                          .attributeNames(
                              QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES,
                              QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE,
                              QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_DELAYED))
              .attributes();
      if (counts.values().stream().allMatch("0"::equals)) {
        return;
      }
      if (Instant.now().isAfter(deadline)) {
        throw new IllegalStateException(
            "the queue did not drain within " + timeout + ": " + counts);
      }
      sleep(Duration.ofMillis(100));
      if (Thread.currentThread().isInterrupted()) {
        return;
      }
    }
  }

  private void run() {
    while (running) {
      try {
        List<Message> messages =
            sqs.receiveMessage(
                    b ->
                        b.queueUrl(queueUrl)
                            .maxNumberOfMessages(Math.min(10, batchSize))
                            .waitTimeSeconds(1)
                            .messageSystemAttributeNames(
                                MessageSystemAttributeName.APPROXIMATE_RECEIVE_COUNT))
                .messages();
        if (messages.isEmpty()) {
          lastIdle = Instant.now();
          continue;
        }
        deliver(messages);
      } catch (RuntimeException e) {
        if (running) {
          LOG.log(Level.WARNING, "polling " + queueUrl + " failed; retrying", e);
          sleep(Duration.ofMillis(500));
        }
      }
    }
  }

  private void deliver(List<Message> messages) {
    SQSEvent event = new SQSEvent();
    List<SQSEvent.SQSMessage> records = new ArrayList<>();
    for (Message m : messages) {
      SQSEvent.SQSMessage record = new SQSEvent.SQSMessage();
      record.setMessageId(m.messageId());
      record.setReceiptHandle(m.receiptHandle());
      record.setBody(m.body());
      record.setEventSource("aws:sqs");
      records.add(record);
    }
    event.setRecords(records);
    Set<String> failed = new HashSet<>();
    try {
      SQSBatchResponse response = function.apply(event);
      if (response != null && response.getBatchItemFailures() != null) {
        response.getBatchItemFailures().forEach(f -> failed.add(f.getItemIdentifier()));
      }
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "the function failed the whole batch", e);
      messages.forEach(m -> failed.add(m.messageId()));
    }
    for (Message m : messages) {
      if (!failed.contains(m.messageId())) {
        sqs.deleteMessage(b -> b.queueUrl(queueUrl).receiptHandle(m.receiptHandle()));
      }
    }
  }

  private static void sleep(Duration pause) {
    try {
      Thread.sleep(pause.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    running = false;
    thread.interrupt();
  }
}
