package dev.openpush.aws.lambda;

import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.models.dynamodb.AttributeValue;
import dev.openpush.aws.dynamodb.DynamoDbProfileStore;
import dev.openpush.domain.memberships.StoredMemberships;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.core.SdkBytes;

/**
 * The profile table's stream records (NEW_AND_OLD_IMAGES) as the memberships each write stored
 * before and after. Items without memberships on either side (history chunks live elsewhere; a
 * pointer replacing a profile has none after) still yield a record when the other side has some.
 */
public final class ProfileStreamRecords {
  /**
   * What a batch of stream records holds.
   *
   * @param writes the profile writes whose memberships could be read, in order
   * @param undecodable the keys of profile writes whose stored memberships are damaged: skipped
   *     rather than retried, since a retry reads the same bytes and would hold the shard for the
   *     stream's whole retention
   */
  public record Batch(List<StoredMemberships> writes, List<String> undecodable) {}

  private ProfileStreamRecords() {}

  public static List<StoredMemberships> memberships(DynamodbEvent event) {
    return read(event).writes();
  }

  public static Batch read(DynamodbEvent event) {
    List<StoredMemberships> writes = new ArrayList<>();
    List<String> undecodable = new ArrayList<>();
    if (event.getRecords() == null) {
      return new Batch(writes, undecodable);
    }
    for (DynamodbEvent.DynamodbStreamRecord record : event.getRecords()) {
      var change = record.getDynamodb();
      Map<String, software.amazon.awssdk.services.dynamodb.model.AttributeValue> before =
          sdk(change.getOldImage());
      Map<String, software.amazon.awssdk.services.dynamodb.model.AttributeValue> after =
          sdk(change.getNewImage());
      Map<String, software.amazon.awssdk.services.dynamodb.model.AttributeValue> named =
          after.containsKey("uid") ? after : before;
      if (!named.containsKey("uid") || !named.containsKey("app")) {
        continue;
      }
      Map<String, Instant> was;
      Map<String, Instant> is;
      try {
        was = DynamoDbProfileStore.readMemberships(before).asMap();
        is = DynamoDbProfileStore.readMemberships(after).asMap();
      } catch (RuntimeException damaged) {
        undecodable.add(named.get("app").s() + "#" + named.get("uid").s());
        continue;
      }
      if (was.isEmpty() && is.isEmpty()) {
        continue;
      }
      Instant at =
          change.getApproximateCreationDateTime() == null
              ? Instant.now()
              : change.getApproximateCreationDateTime().toInstant();
      writes.add(new StoredMemberships(named.get("app").s(), named.get("uid").s(), was, is, at));
    }
    return new Batch(writes, undecodable);
  }

  private static Map<String, software.amazon.awssdk.services.dynamodb.model.AttributeValue> sdk(
      Map<String, AttributeValue> image) {
    Map<String, software.amazon.awssdk.services.dynamodb.model.AttributeValue> item =
        new HashMap<>();
    if (image != null) {
      image.forEach((name, value) -> item.put(name, sdk(value)));
    }
    return item;
  }

  /** The attribute types profile items use: strings, numbers, binary and maps of them. */
  private static software.amazon.awssdk.services.dynamodb.model.AttributeValue sdk(
      AttributeValue value) {
    var sdk = software.amazon.awssdk.services.dynamodb.model.AttributeValue.builder();
    if (value.getS() != null) {
      return sdk.s(value.getS()).build();
    }
    if (value.getN() != null) {
      return sdk.n(value.getN()).build();
    }
    if (value.getB() != null) {
      ByteBuffer bytes = value.getB().duplicate();
      return sdk.b(SdkBytes.fromByteBuffer(bytes)).build();
    }
    if (value.getM() != null) {
      return sdk.m(sdk(value.getM())).build();
    }
    if (value.getBOOL() != null) {
      return sdk.bool(value.getBOOL()).build();
    }
    return sdk.nul(true).build();
  }
}
