package dev.openpush.local;

import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.models.dynamodb.StreamRecord;
import dev.openpush.aws.dynamodb.DynamoDbMemberIndex;
import dev.openpush.aws.dynamodb.Tables;
import dev.openpush.aws.lambda.ProfileStreamRecords;
import dev.openpush.domain.memberships.MembershipProjection;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ExpiredIteratorException;
import software.amazon.awssdk.services.dynamodb.model.GetRecordsResponse;
import software.amazon.awssdk.services.dynamodb.model.Record;
import software.amazon.awssdk.services.dynamodb.model.Shard;
import software.amazon.awssdk.services.dynamodb.model.ShardIteratorType;
import software.amazon.awssdk.services.dynamodb.model.TrimmedDataAccessException;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;

/**
 * Lambda's DynamoDB stream event source mapping as the template configures the memberships
 * function: records in order per shard (a child shard after its parent), batches of the trigger's
 * size, and a batch that fails retried, after a pause, until it succeeds (MaximumRetryAttempts -1;
 * locally there is no day-long retention to run out).
 */
public final class DynamoDbStreamPoller implements AutoCloseable {
  private static final Logger LOG = Logger.getLogger(DynamoDbStreamPoller.class.getName());
  private static final Duration IDLE_PAUSE = Duration.ofMillis(50);

  private final DynamoDbStreamsClient streams;
  private final String streamArn;
  private final int batchSize;
  private final Consumer<DynamodbEvent> function;
  private final Thread thread;
  private volatile long lastIdlePass;
  private volatile boolean running = true;

  public DynamoDbStreamPoller(
      DynamoDbStreamsClient streams,
      String streamArn,
      int batchSize,
      Consumer<DynamodbEvent> function) {
    this.streams = streams;
    this.streamArn = streamArn;
    this.batchSize = batchSize;
    this.function = function;
    this.thread = new Thread(this::poll, "dynamodb-stream");
    this.thread.setDaemon(true);
  }

  /**
   * The memberships function's work on {@code tables}' profile stream, with the template's batch
   * size, its member items written through {@code dynamo}: for tests and benchmarks of the store
   * without the local stack. Not started.
   */
  public static DynamoDbStreamPoller projectingMemberships(DynamoDbClient dynamo, Tables tables) {
    MembershipProjection projection =
        new MembershipProjection(new DynamoDbMemberIndex(dynamo, tables));
    return new DynamoDbStreamPoller(
        LocalClients.streams(Emulators.shared()),
        dynamo.describeTable(b -> b.tableName(tables.profiles())).table().latestStreamArn(),
        TemplateResources.read(Repo.root().resolve("template.yaml"))
            .dynamoDbBatchSize("MembershipsFunction"),
        event -> projection.project(ProfileStreamRecords.memberships(event)));
  }

  /** Starts reading from the stream's oldest record; a second call does nothing. */
  public synchronized void start() {
    if (thread.getState() == Thread.State.NEW) {
      thread.start();
    }
  }

  /** Whether a pass over every shard that started after {@code sinceMillis} found nothing new. */
  boolean caughtUpSince(long sinceMillis) {
    return lastIdlePass > sinceMillis;
  }

  /** Waits until everything written to the table before this call has been through the function. */
  public void awaitCaughtUp(Duration timeout) {
    long since = System.currentTimeMillis();
    Instant deadline = Instant.now().plus(timeout);
    while (!caughtUpSince(since)) {
      if (Instant.now().isAfter(deadline)) {
        throw new IllegalStateException("the profile stream was not projected within " + timeout);
      }
      sleepQuietly(20);
    }
  }

  private void poll() {
    Map<String, String> iterators = new LinkedHashMap<>();
    Map<String, String> delivered = new HashMap<>();
    Set<String> finished = new HashSet<>();
    Set<String> drained = new HashSet<>();
    long previousIdleStart = 0;
    while (running) {
      long passStart = System.currentTimeMillis();
      try {
        boolean any = false;
        for (Shard shard : readyShards(finished, drained)) {
          String iterator = iterators.get(shard.shardId());
          if (iterator == null) {
            iterator = iterator(shard.shardId(), delivered.get(shard.shardId()));
          }
          String current = iterator;
          GetRecordsResponse response;
          try {
            response = streams.getRecords(b -> b.shardIterator(current).limit(batchSize));
          } catch (TrimmedDataAccessException | ExpiredIteratorException e) {
            // DynamoDB Local answers so for an iterator taken on a shard that was still empty:
            // nothing to read yet; the next pass takes a fresh iterator after what was delivered.
            iterators.remove(shard.shardId());
            continue;
          }
          if (response.records().isEmpty()) {
            drained.add(shard.shardId());
          } else {
            drained.remove(shard.shardId());
            deliver(response.records());
            delivered.put(
                shard.shardId(),
                response.records().get(response.records().size() - 1).dynamodb().sequenceNumber());
            any = true;
            previousIdleStart = 0;
          }
          if (response.nextShardIterator() == null) {
            finished.add(shard.shardId());
            iterators.remove(shard.shardId());
          } else {
            iterators.put(shard.shardId(), response.nextShardIterator());
          }
        }
        if (!any) {
          // Caught up as of the previous idle pass's start: two in a row, so that a record
          // DynamoDB Local makes visible a moment after the write is not missed.
          lastIdlePass = previousIdleStart;
          previousIdleStart = passStart;
          Thread.sleep(IDLE_PAUSE.toMillis());
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      } catch (RuntimeException e) {
        if (running) {
          LOG.log(Level.WARNING, "reading the profile stream failed ({0}); retrying", e.toString());
          sleepQuietly(1_000);
        }
      }
    }
  }

  /** From the shard's oldest record, or after the last one delivered. */
  private String iterator(String shardId, String lastDelivered) {
    return streams
        .getShardIterator(
            b -> {
              b.streamArn(streamArn).shardId(shardId);
              if (lastDelivered == null) {
                b.shardIteratorType(ShardIteratorType.TRIM_HORIZON);
              } else {
                b.shardIteratorType(ShardIteratorType.AFTER_SEQUENCE_NUMBER)
                    .sequenceNumber(lastDelivered);
              }
            })
        .shardIterator();
  }

  /**
   * Open shards whose parent has been read to its end: closed, gone from the stream, or with
   * nothing left to read (DynamoDB Local rolls shards over without always closing the parent's
   * iterator, and a child left waiting would hold records nobody reads).
   */
  private List<Shard> readyShards(Set<String> finished, Set<String> drained) {
    List<Shard> all =
        streams.describeStream(b -> b.streamArn(streamArn)).streamDescription().shards();
    Set<String> listed = new HashSet<>();
    all.forEach(s -> listed.add(s.shardId()));
    List<Shard> ready = new ArrayList<>();
    for (Shard shard : all) {
      String parent = shard.parentShardId();
      boolean parentDone =
          parent == null
              || !listed.contains(parent)
              || finished.contains(parent)
              || drained.contains(parent);
      if (!finished.contains(shard.shardId()) && parentDone) {
        ready.add(shard);
      }
    }
    return ready;
  }

  /** One batch through the function, again and again until it succeeds. */
  private void deliver(List<Record> records) throws InterruptedException {
    DynamodbEvent event = event(records);
    for (int attempt = 1; running; attempt++) {
      try {
        function.accept(event);
        return;
      } catch (RuntimeException e) {
        LOG.log(
            Level.WARNING,
            "the memberships function failed on a batch of {0} ({1}); retrying (attempt {2})",
            new Object[] {records.size(), e.toString(), attempt});
        Thread.sleep(Math.min(2_000L, 50L << Math.min(attempt, 6)));
      }
    }
  }

  private DynamodbEvent event(List<Record> records) {
    List<DynamodbEvent.DynamodbStreamRecord> envelopes = new ArrayList<>();
    for (Record record : records) {
      var source = record.dynamodb();
      StreamRecord change = new StreamRecord();
      change.setKeys(lambda(source.keys()));
      if (source.hasNewImage()) {
        change.setNewImage(lambda(source.newImage()));
      }
      if (source.hasOldImage()) {
        change.setOldImage(lambda(source.oldImage()));
      }
      change.setSequenceNumber(source.sequenceNumber());
      change.setSizeBytes(source.sizeBytes());
      if (source.approximateCreationDateTime() != null) {
        change.setApproximateCreationDateTime(Date.from(source.approximateCreationDateTime()));
      }
      DynamodbEvent.DynamodbStreamRecord envelope = new DynamodbEvent.DynamodbStreamRecord();
      envelope.setEventID(record.eventID());
      envelope.setEventName(record.eventNameAsString());
      envelope.setEventSource("aws:dynamodb");
      envelope.setEventVersion("1.1");
      envelope.setAwsRegion("us-east-1");
      envelope.setEventSourceARN(streamArn);
      envelope.setDynamodb(change);
      envelopes.add(envelope);
    }
    DynamodbEvent event = new DynamodbEvent();
    event.setRecords(envelopes);
    return event;
  }

  private static Map<
          String, com.amazonaws.services.lambda.runtime.events.models.dynamodb.AttributeValue>
      lambda(Map<String, AttributeValue> item) {
    Map<String, com.amazonaws.services.lambda.runtime.events.models.dynamodb.AttributeValue> out =
        new HashMap<>();
    item.forEach((name, value) -> out.put(name, lambda(value)));
    return out;
  }

  private static com.amazonaws.services.lambda.runtime.events.models.dynamodb.AttributeValue lambda(
      AttributeValue value) {
    var out = new com.amazonaws.services.lambda.runtime.events.models.dynamodb.AttributeValue();
    if (value.s() != null) {
      out.setS(value.s());
    } else if (value.n() != null) {
      out.setN(value.n());
    } else if (value.b() != null) {
      out.setB(ByteBuffer.wrap(value.b().asByteArray()));
    } else if (value.hasM()) {
      out.setM(lambda(value.m()));
    } else if (value.hasL()) {
      out.setL(value.l().stream().map(DynamoDbStreamPoller::lambda).toList());
    } else if (value.hasSs()) {
      out.setSS(value.ss());
    } else if (value.hasNs()) {
      out.setNS(value.ns());
    } else if (value.bool() != null) {
      out.setBOOL(value.bool());
    } else {
      out.setNULL(true);
    }
    return out;
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
    thread.interrupt();
  }
}
