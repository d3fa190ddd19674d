package dev.openpush.aws.lambda;

import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.models.dynamodb.AttributeValue;
import dev.openpush.domain.segment.MembershipChange;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The memberships table's stream (the membership change feed) as segment entries: a member item
 * ({@code pk} {@code <app>#<segment>[#NN]}, {@code sk} {@code u#<user>}) inserted, or put again
 * with another entry time (the user left and came back between two projections). Counters and exits
 * are not entries.
 */
public final class MemberStreamRecords {
  private MemberStreamRecords() {}

  public static List<MembershipChange> entries(DynamodbEvent event) {
    List<MembershipChange> entries = new ArrayList<>();
    if (event == null || event.getRecords() == null) {
      return entries;
    }
    for (DynamodbEvent.DynamodbStreamRecord record : event.getRecords()) {
      var change = record.getDynamodb();
      if (change == null || change.getKeys() == null || change.getNewImage() == null) {
        continue; // a removal: an exit
      }
      String pk = text(change.getKeys().get("pk"));
      String sk = text(change.getKeys().get("sk"));
      Long enteredAt = number(change.getNewImage().get("enteredAt"));
      if (pk == null || sk == null || !sk.startsWith("u#") || enteredAt == null) {
        continue;
      }
      Map<String, AttributeValue> before = change.getOldImage();
      if (before != null && Objects.equals(number(before.get("enteredAt")), enteredAt)) {
        continue; // the same membership written again
      }
      String[] parts = pk.split("#");
      if (parts.length < 2) {
        continue;
      }
      entries.add(
          new MembershipChange(
              parts[0],
              parts[1],
              sk.substring(2),
              MembershipChange.Kind.ENTERED,
              Instant.ofEpochMilli(enteredAt)));
    }
    return entries;
  }

  private static String text(AttributeValue value) {
    return value == null ? null : value.getS();
  }

  private static Long number(AttributeValue value) {
    if (value == null || value.getN() == null) {
      return null;
    }
    try {
      return Long.parseLong(value.getN());
    } catch (NumberFormatException e) {
      return null;
    }
  }
}
