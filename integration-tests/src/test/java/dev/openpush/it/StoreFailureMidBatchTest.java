package dev.openpush.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.KinesisEvent;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import dev.openpush.aws.Wiring;
import dev.openpush.functions.ingest.IngestHandler;
import dev.openpush.local.Emulators;
import dev.openpush.local.LocalClients;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsRequest;

/**
 * DynamoDB fails in the middle of a batch: the handler reports the affected records, the retry
 * Lambda makes from the earliest of them applies them once, and nothing is counted twice.
 */
class StoreFailureMidBatchTest {
  private static StackFixture f;

  @BeforeAll
  static void start() {
    f = new StackFixture();
  }

  @AfterAll
  static void stop() {
    f.close();
  }

  /** Fails the n-th transaction this client sends, once. */
  private static final class FailNthTransaction implements ExecutionInterceptor {
    private final AtomicInteger seen = new AtomicInteger();
    private final int failOn;

    FailNthTransaction(int failOn) {
      this.failOn = failOn;
    }

    @Override
    public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
      if (context.request() instanceof TransactWriteItemsRequest
          && seen.incrementAndGet() == failOn) {
        throw SdkClientException.create("injected: connection reset");
      }
    }
  }

  @Test
  void aFailedProfileWriteIsReportedAndTheRetryDoesNotDoubleCount() {
    f.defineSegment("two-orders", "{'event':'Order Completed','count':{'op':'gte','value':2}}");
    f.defineSegment("revenue", "{'event':'Order Completed','sum':'revenue','op':'gte','value':30}");
    DynamoDbClient flaky =
        LocalClients.dynamoBuilder(Emulators.shared())
            .overrideConfiguration(c -> c.addExecutionInterceptor(new FailNthTransaction(2)))
            .build();
    IngestHandler handler =
        new IngestHandler(
            Wiring.ingestService(flaky, f.stack.clients.s3(), f.stack.ingestSettings, f.clock));
    List<String> events =
        List.of(
            f.track(
                "u1",
                "Order Completed",
                f.clock.now().minus(Duration.ofHours(3)),
                "{'revenue':10}"),
            f.track(
                "u1",
                "Order Completed",
                f.clock.now().minus(Duration.ofHours(2)),
                "{'revenue':10}"),
            f.track(
                "u2",
                "Order Completed",
                f.clock.now().minus(Duration.ofHours(3)),
                "{'revenue':20}"),
            f.track(
                "u2",
                "Order Completed",
                f.clock.now().minus(Duration.ofHours(2)),
                "{'revenue':20}"),
            f.track(
                "u3",
                "Order Completed",
                f.clock.now().minus(Duration.ofHours(3)),
                "{'revenue':40}"));
    KinesisEvent batch = kinesisEvent(events, 0);

    StreamsEventResponse first = handler.handleRequest(batch, null);
    f.stack.awaitProjected(Duration.ofSeconds(30));

    assertThat(first.getBatchItemFailures())
        .extracting(StreamsEventResponse.BatchItemFailure::getItemIdentifier)
        .containsExactly("seq-2", "seq-3");
    assertThat(f.members("two-orders")).containsExactly("u1");

    // Lambda redelivers from the earliest failed record to the end of the batch.
    StreamsEventResponse retry = handler.handleRequest(kinesisEvent(events.subList(2, 5), 2), null);
    f.stack.awaitProjected(Duration.ofSeconds(30));

    assertThat(retry.getBatchItemFailures()).isEmpty();
    assertThat(f.members("two-orders")).containsExactly("u1", "u2");
    assertThat(f.size("two-orders")).isEqualTo(2);
    assertThat(f.members("revenue")).containsExactly("u2", "u3");
    assertThat(f.size("revenue")).isEqualTo(2);
    assertThat(f.call("GET", "/v1/apps/" + f.app + "/users/u3/export", null).body().get("events"))
        .hasSize(1);
  }

  static KinesisEvent kinesisEvent(List<String> events, int firstSequence) {
    List<KinesisEvent.KinesisEventRecord> records = new ArrayList<>();
    for (int i = 0; i < events.size(); i++) {
      KinesisEvent.Record record = new KinesisEvent.Record();
      record.setSequenceNumber("seq-" + (firstSequence + i));
      record.setPartitionKey("pk");
      record.setApproximateArrivalTimestamp(new Date());
      record.setData(
          ByteBuffer.wrap(events.get(i).replace('\'', '"').getBytes(StandardCharsets.UTF_8)));
      KinesisEvent.KinesisEventRecord envelope = new KinesisEvent.KinesisEventRecord();
      envelope.setKinesis(record);
      records.add(envelope);
    }
    KinesisEvent event = new KinesisEvent();
    event.setRecords(records);
    return event;
  }
}
