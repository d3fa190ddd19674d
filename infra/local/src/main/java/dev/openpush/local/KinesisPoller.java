package dev.openpush.local;

import com.amazonaws.services.lambda.runtime.events.KinesisEvent;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.logging.Level;
import java.util.logging.Logger;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.GetRecordsResponse;
import software.amazon.awssdk.services.kinesis.model.Record;
import software.amazon.awssdk.services.kinesis.model.Shard;
import software.amazon.awssdk.services.kinesis.model.ShardIteratorType;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * Lambda's Kinesis event source mapping, reproduced: one poller per shard, batches of the
 * template's size, partial-batch responses honoured (the batch is retried from the earliest failed
 * record), bisection when the function throws, and after the retry limit the batch's coordinates go
 * to the on-failure queue and the shard moves on.
 */
final class KinesisPoller implements AutoCloseable {
  private static final Logger LOG = Logger.getLogger(KinesisPoller.class.getName());
  private static final Duration IDLE_PAUSE = Duration.ofMillis(200);
  private static final Duration FAILURE_QUEUE_RETRY_MAX = Duration.ofSeconds(30);

  private final KinesisClient kinesis;
  private final SqsClient sqs;
  private final String stream;
  private final TemplateResources.KinesisTrigger trigger;
  private final String failureQueueUrl;
  private final Function<KinesisEvent, StreamsEventResponse> function;
  private final List<Thread> threads = new ArrayList<>();
  private final java.util.Map<String, Long> lastEmptyRead =
      new java.util.concurrent.ConcurrentHashMap<>();
  private final AtomicLong delivered = new AtomicLong();
  private volatile boolean running = true;

  KinesisPoller(
      KinesisClient kinesis,
      SqsClient sqs,
      String stream,
      TemplateResources.KinesisTrigger trigger,
      String failureQueueUrl,
      Function<KinesisEvent, StreamsEventResponse> function) {
    this.kinesis = kinesis;
    this.sqs = sqs;
    this.stream = stream;
    this.trigger = trigger;
    this.failureQueueUrl = failureQueueUrl;
    this.function = function;
  }

  void start() {
    for (Shard shard : kinesis.listShards(b -> b.streamName(stream)).shards()) {
      Thread thread = new Thread(() -> poll(shard.shardId()), "kinesis-" + shard.shardId());
      thread.setDaemon(true);
      threads.add(thread);
      thread.start();
    }
  }

  /** Records handed to the function so far (retries count again). */
  long delivered() {
    return delivered.get();
  }

  /**
   * Whether every shard has read to the end of the stream since {@code sinceMillis}: everything
   * written before then has been through the function.
   */
  boolean caughtUpSince(long sinceMillis) {
    if (lastEmptyRead.size() < threads.size()) {
      return false;
    }
    return lastEmptyRead.values().stream().allMatch(at -> at > sinceMillis);
  }

  /**
   * Waits until everything written to the stream before this call has been through the function.
   */
  void awaitCaughtUp(Duration timeout) {
    long since = System.currentTimeMillis();
    Instant deadline = Instant.now().plus(timeout);
    while (!caughtUpSince(since)) {
      if (Instant.now().isAfter(deadline)) {
        throw new IllegalStateException(
            "the readers of " + stream + " did not catch up within " + timeout);
      }
      sleepQuietly(50);
      if (Thread.currentThread().isInterrupted()) {
        return;
      }
    }
  }

  private void poll(String shardId) {
    String iterator =
        kinesis
            .getShardIterator(
                b ->
                    b.streamName(stream)
                        .shardId(shardId)
                        .shardIteratorType(ShardIteratorType.TRIM_HORIZON))
            .shardIterator();
    while (running && iterator != null) {
      try {
        String current = iterator;
        long askedAt = System.currentTimeMillis();
        GetRecordsResponse response =
            kinesis.getRecords(b -> b.shardIterator(current).limit(trigger.batchSize()));
        iterator = response.nextShardIterator();
        if (response.records().isEmpty()) {
          lastEmptyRead.put(shardId, askedAt);
          Thread.sleep(IDLE_PAUSE.toMillis());
          continue;
        }
        deliver(shardId, response.records());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      } catch (RuntimeException e) {
        if (running) {
          // One line per failure, not a stack trace per retry; the cause names the service.
          LOG.log(
              Level.WARNING,
              "reading {0} failed ({1}); retrying in a second",
              new Object[] {shardId, e.toString()});
          LOG.log(Level.FINE, "reading " + shardId + " failed", e);
          sleepQuietly(1_000);
        }
      }
    }
  }

  /** One batch through the function with Lambda's retry, partial-failure and bisect rules. */
  private void deliver(String shardId, List<Record> batch) {
    List<Record> pending = batch;
    int attempt = 0;
    while (!pending.isEmpty()) {
      int expired = expiredPrefix(pending);
      if (expired > 0) {
        // Lambda discards records past MaximumRecordAgeInSeconds, naming them on the destination.
        sendToFailureQueue(shardId, pending.subList(0, expired), "RecordAgeExceeded");
        pending = pending.subList(expired, pending.size());
        continue;
      }
      int failedFrom;
      try {
        delivered.addAndGet(pending.size());
        StreamsEventResponse response = function.apply(event(shardId, pending));
        failedFrom = earliestFailure(pending, response);
      } catch (RuntimeException e) {
        LOG.log(
            Level.WARNING,
            "the function failed on a batch of {0} ({1})",
            new Object[] {pending.size(), e.toString()});
        LOG.log(Level.FINE, "function failure", e);
        if (trigger.bisectOnError() && pending.size() > 1) {
          int half = pending.size() / 2;
          deliver(shardId, pending.subList(0, half));
          deliver(shardId, pending.subList(half, pending.size()));
          return;
        }
        failedFrom = 0;
      }
      if (failedFrom < 0) {
        return;
      }
      attempt++;
      pending = pending.subList(failedFrom, pending.size());
      if (trigger.maxRetries() >= 0 && attempt > trigger.maxRetries()) {
        sendToFailureQueue(shardId, pending, "RetryAttemptsExhausted");
        return;
      }
      sleepQuietly(Math.min(2_000L, 100L << Math.min(attempt, 5)));
    }
  }

  /** How many records at the head of the batch are older than the trigger's maximum age. */
  private int expiredPrefix(List<Record> records) {
    if (trigger.maxRecordAge() == null) {
      return 0;
    }
    java.time.Instant oldest = java.time.Instant.now().minus(trigger.maxRecordAge());
    int n = 0;
    while (n < records.size() && records.get(n).approximateArrivalTimestamp().isBefore(oldest)) {
      n++;
    }
    return n;
  }

  private static int earliestFailure(List<Record> batch, StreamsEventResponse response) {
    if (response == null
        || response.getBatchItemFailures() == null
        || response.getBatchItemFailures().isEmpty()) {
      return -1;
    }
    int earliest = Integer.MAX_VALUE;
    for (StreamsEventResponse.BatchItemFailure failure : response.getBatchItemFailures()) {
      for (int i = 0; i < batch.size(); i++) {
        if (batch.get(i).sequenceNumber().equals(failure.getItemIdentifier())) {
          earliest = Math.min(earliest, i);
        }
      }
    }
    // An identifier that is not in the batch fails the whole batch, as Lambda does.
    return earliest == Integer.MAX_VALUE ? 0 : earliest;
  }

  /**
   * Records the batch's coordinates on the on-failure queue, as Lambda does after the last retry.
   * The shard does not move on until that has succeeded: while the queue is unavailable the batch
   * is neither skipped nor dropped, and every attempt says so.
   */
  private void sendToFailureQueue(String shardId, List<Record> records, String condition) {
    String body =
        String.format(
            "{\"requestContext\":{\"condition\":\"%s\"},\"KinesisBatchInfo\":{\"shardId\":\"%s\",\"startSequenceNumber\":\"%s\",\"endSequenceNumber\":\"%s\",\"batchSize\":%d,\"streamArn\":\"%s\"}}",
            condition,
            shardId,
            records.get(0).sequenceNumber(),
            records.get(records.size() - 1).sequenceNumber(),
            records.size(),
            stream);
    for (int attempt = 1; ; attempt++) {
      try {
        sqs.sendMessage(b -> b.queueUrl(failureQueueUrl).messageBody(body));
        LOG.log(
            Level.SEVERE,
            "gave up on {0} records of {1} ({2}); their coordinates are on the failure queue {3}",
            new Object[] {records.size(), shardId, condition, failureQueueUrl});
        return;
      } catch (RuntimeException e) {
        if (!running) {
          return;
        }
        LOG.log(
            Level.SEVERE,
            "the failure queue {0} is unavailable ({1}); {2} holds its batch until it can be"
                + " recorded (attempt {3})",
            new Object[] {failureQueueUrl, e.toString(), shardId, attempt});
        sleepQuietly(Math.min(FAILURE_QUEUE_RETRY_MAX.toMillis(), 250L << Math.min(attempt, 7)));
      }
    }
  }

  private KinesisEvent event(String shardId, List<Record> records) {
    List<KinesisEvent.KinesisEventRecord> envelopes = new ArrayList<>();
    for (Record record : records) {
      KinesisEvent.Record kinesisRecord = new KinesisEvent.Record();
      kinesisRecord.setSequenceNumber(record.sequenceNumber());
      kinesisRecord.setPartitionKey(record.partitionKey());
      kinesisRecord.setData(ByteBuffer.wrap(record.data().asByteArray()));
      kinesisRecord.setApproximateArrivalTimestamp(Date.from(record.approximateArrivalTimestamp()));
      kinesisRecord.setKinesisSchemaVersion("1.0");
      KinesisEvent.KinesisEventRecord envelope = new KinesisEvent.KinesisEventRecord();
      envelope.setKinesis(kinesisRecord);
      envelope.setEventSource("aws:kinesis");
      envelope.setEventName("aws:kinesis:record");
      envelope.setEventID(shardId + ":" + record.sequenceNumber());
      envelope.setEventSourceARN("arn:aws:kinesis:us-east-1:000000000000:stream/" + stream);
      envelope.setAwsRegion("us-east-1");
      envelopes.add(envelope);
    }
    KinesisEvent event = new KinesisEvent();
    event.setRecords(envelopes);
    return event;
  }

  private static void sleepQuietly(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    running = false;
    threads.forEach(Thread::interrupt);
  }
}
