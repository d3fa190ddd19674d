package dev.openpush.aws.lambda;

import com.amazonaws.services.lambda.runtime.events.KinesisEvent;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import dev.openpush.domain.ingest.BatchOutcome;
import dev.openpush.domain.ingest.IncomingRecord;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/** Translates between Lambda's Kinesis event and response types and the domain's records. */
public final class KinesisBatches {
  private KinesisBatches() {}

  public static List<IncomingRecord> records(KinesisEvent event) {
    List<IncomingRecord> records = new ArrayList<>();
    if (event == null || event.getRecords() == null) {
      return records;
    }
    for (KinesisEvent.KinesisEventRecord envelope : event.getRecords()) {
      KinesisEvent.Record record = envelope.getKinesis();
      ByteBuffer data = record.getData();
      byte[] bytes = new byte[data == null ? 0 : data.remaining()];
      if (data != null) {
        data.duplicate().get(bytes);
      }
      records.add(
          new IncomingRecord(
              record.getSequenceNumber(),
              record.getPartitionKey(),
              record.getApproximateArrivalTimestamp() == null
                  ? null
                  : record.getApproximateArrivalTimestamp().toInstant(),
              bytes));
    }
    return records;
  }

  /** The partial-batch response: the sequence numbers Lambda must deliver again. */
  public static StreamsEventResponse response(BatchOutcome outcome) {
    List<StreamsEventResponse.BatchItemFailure> failures = new ArrayList<>();
    for (String id : outcome.failedIds()) {
      failures.add(new StreamsEventResponse.BatchItemFailure(id));
    }
    return new StreamsEventResponse(failures);
  }
}
