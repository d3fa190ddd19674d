package dev.openpush.aws.dynamodb;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** Key values, built in one place so that every reader and writer agrees. */
final class Keys {
  static final String PK = "pk";

  /** The profiles table's TTL attribute (epoch seconds), set on merge pointers only. */
  static final String EXPIRES_AT = "expiresAt";

  static final String SK = "sk";
  static final String MEMBER_PREFIX = "u#";
  static final String COUNT_PREFIX = "#count#";

  /** The pseudo-segment whose counters count an app's users. */
  static final String ALL_USERS = "#users";

  static final int COUNTER_SHARDS = 16;

  private static final DateTimeFormatter HOUR =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH").withZone(ZoneOffset.UTC);

  private Keys() {}

  static String profile(String appId, String userId) {
    return appId + "#" + userId;
  }

  static String segmentPartition(String appId, String segmentId) {
    return appId + "#" + segmentId;
  }

  static String member(String userId) {
    return MEMBER_PREFIX + userId;
  }

  /** Counters are sharded by user so that concurrent writers rarely touch the same item. */
  static String counter(String userId) {
    return counterShard(Math.floorMod(userId.hashCode(), COUNTER_SHARDS));
  }

  static String counterShard(int shard) {
    return String.format("%s%02d", COUNT_PREFIX, shard);
  }

  static String wakeHour(Instant at) {
    return HOUR.format(at);
  }
}
