package dev.openpush.aws.kinesis;

import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.PutRecordsRequestEntry;
import software.amazon.awssdk.services.kinesis.model.PutRecordsResponse;
import software.amazon.awssdk.services.kinesis.model.PutRecordsResultEntry;

/**
 * Writes events to the stream with PutRecords, resending the entries Kinesis reports as failed
 * (throttling) with back-off, and telling the caller which ones never made it.
 */
public final class KinesisEventPublisher {
  /** One record to write: its index in the caller's list, its partition key and its bytes. */
  public record Entry(int index, String partitionKey, byte[] data) {}

  /** An entry that could not be written after every retry. */
  public record Failure(int index, String error) {}

  private static final int ROUNDS = 4;

  private final KinesisClient kinesis;
  private final String streamName;

  public KinesisEventPublisher(KinesisClient kinesis, String streamName) {
    this.kinesis = kinesis;
    this.streamName = streamName;
  }

  public List<Failure> publish(List<Entry> entries) {
    List<Entry> pending = new ArrayList<>(entries);
    List<String> lastErrors = new ArrayList<>();
    for (int round = 0; round < ROUNDS && !pending.isEmpty(); round++) {
      if (round > 0) {
        pause(round);
      }
      List<PutRecordsRequestEntry> request = new ArrayList<>();
      for (Entry entry : pending) {
        request.add(
            PutRecordsRequestEntry.builder()
                .partitionKey(entry.partitionKey())
                .data(SdkBytes.fromByteArray(entry.data()))
                .build());
      }
      PutRecordsResponse response =
          kinesis.putRecords(b -> b.streamName(streamName).records(request));
      if (response.failedRecordCount() == null || response.failedRecordCount() == 0) {
        return List.of();
      }
      List<Entry> failed = new ArrayList<>();
      lastErrors.clear();
      List<PutRecordsResultEntry> results = response.records();
      for (int i = 0; i < results.size(); i++) {
        if (results.get(i).errorCode() != null) {
          failed.add(pending.get(i));
          lastErrors.add(results.get(i).errorCode());
        }
      }
      pending = failed;
    }
    List<Failure> failures = new ArrayList<>();
    for (int i = 0; i < pending.size(); i++) {
      failures.add(
          new Failure(
              pending.get(i).index(),
              "stream did not accept the event (" + lastErrors.get(i) + "); send it again"));
    }
    return failures;
  }

  private static void pause(int round) {
    try {
      Thread.sleep(Math.min(1_000L, 50L << round));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
