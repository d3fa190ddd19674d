package dev.openpush.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.KinesisEvent;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * The local Kinesis trigger follows the template's retry and on-failure settings, and when the
 * failure queue cannot be written it holds the shard rather than skip the batch.
 */
class KinesisPollerTest {
  private final LocalClients clients = LocalClients.of(Emulators.shared());

  @Test
  void aBatchThatFailsEveryRetryWaitsForTheFailureQueueAndNothingBehindItIsSkipped()
      throws Exception {
    String stream = "poll-" + UUID.randomUUID().toString().substring(0, 8);
    String queueName = "failures-" + UUID.randomUUID().toString().substring(0, 8);
    clients.kinesis().createStream(b -> b.streamName(stream).shardCount(1));
    TemplateResources.awaitActive(clients, stream);
    put(stream, "first", "poison", "third");
    // The queue's URL as the emulator writes it, then the queue gone: unavailable until recreated.
    String queueUrl = clients.sqs().createQueue(b -> b.queueName(queueName)).queueUrl();
    clients.sqs().deleteQueue(b -> b.queueUrl(queueUrl));

    Set<String> seen = ConcurrentHashMap.newKeySet();
    KinesisPoller poller =
        new KinesisPoller(
            clients.kinesis(),
            clients.sqs(),
            stream,
            new TemplateResources.KinesisTrigger(10, Duration.ZERO, true, 2, null, queueName),
            queueUrl,
            event -> failPoison(event, seen));
    poller.start();
    try {
      awaitUntil(() -> seen.contains("poison"));
      put(stream, "behind");
      Thread.sleep(4_000);
      // The queue does not exist: the failed batch cannot be recorded, so the shard waits.
      assertThat(seen).doesNotContain("behind");

      clients.sqs().createQueue(b -> b.queueName(queueName));
      List<Message> messages = List.of();
      Instant deadline = Instant.now().plusSeconds(40);
      while (messages.isEmpty() && Instant.now().isBefore(deadline)) {
        messages =
            clients.sqs().receiveMessage(b -> b.queueUrl(queueUrl).waitTimeSeconds(1)).messages();
      }
      assertThat(messages).hasSize(1);
      assertThat(messages.get(0).body())
          .contains("RetryAttemptsExhausted")
          .contains("\"batchSize\":2");
      awaitUntil(() -> seen.contains("behind"));
    } finally {
      poller.close();
    }
  }

  @Test
  void recordsOlderThanTheMaximumAgeGoToTheFailureQueueUnprocessed() throws Exception {
    String stream = "aged-" + UUID.randomUUID().toString().substring(0, 8);
    String queueName = "aged-" + UUID.randomUUID().toString().substring(0, 8);
    clients.kinesis().createStream(b -> b.streamName(stream).shardCount(1));
    TemplateResources.awaitActive(clients, stream);
    String queueUrl = clients.sqs().createQueue(b -> b.queueName(queueName)).queueUrl();
    put(stream, "old-1", "old-2");
    Thread.sleep(2_500);

    Set<String> seen = ConcurrentHashMap.newKeySet();
    KinesisPoller poller =
        new KinesisPoller(
            clients.kinesis(),
            clients.sqs(),
            stream,
            new TemplateResources.KinesisTrigger(
                10, Duration.ZERO, true, 2, Duration.ofSeconds(2), queueName),
            queueUrl,
            event -> failPoison(event, seen));
    poller.start();
    try {
      List<Message> messages = List.of();
      Instant deadline = Instant.now().plusSeconds(30);
      while (messages.isEmpty() && Instant.now().isBefore(deadline)) {
        messages =
            clients.sqs().receiveMessage(b -> b.queueUrl(queueUrl).waitTimeSeconds(1)).messages();
      }
      assertThat(messages).hasSize(1);
      assertThat(messages.get(0).body()).contains("RecordAgeExceeded").contains("\"batchSize\":2");
      assertThat(seen).isEmpty();
    } finally {
      poller.close();
    }
  }

  /** A function that fails the record "poison" (and so, by Lambda's rule, the rest after it). */
  private static StreamsEventResponse failPoison(KinesisEvent event, Set<String> seen) {
    StreamsEventResponse response = new StreamsEventResponse();
    response.setBatchItemFailures(new java.util.ArrayList<>());
    for (KinesisEvent.KinesisEventRecord record : event.getRecords()) {
      String data = StandardCharsets.UTF_8.decode(record.getKinesis().getData()).toString();
      seen.add(data);
      if (data.equals("poison")) {
        response
            .getBatchItemFailures()
            .add(
                new StreamsEventResponse.BatchItemFailure(record.getKinesis().getSequenceNumber()));
      }
    }
    return response;
  }

  private void put(String stream, String... records) {
    for (String record : records) {
      clients
          .kinesis()
          .putRecord(
              b ->
                  b.streamName(stream)
                      .partitionKey("k")
                      .data(SdkBytes.fromString(record, StandardCharsets.UTF_8)));
    }
  }

  private static void awaitUntil(java.util.function.BooleanSupplier condition)
      throws InterruptedException {
    Instant deadline = Instant.now().plusSeconds(40);
    while (!condition.getAsBoolean()) {
      if (Instant.now().isAfter(deadline)) {
        throw new AssertionError("condition not met within 40 s");
      }
      Thread.sleep(50);
    }
  }
}
