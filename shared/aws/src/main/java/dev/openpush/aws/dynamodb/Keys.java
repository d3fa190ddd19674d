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

  /**
   * How many partitions of the {@code byWake} index share one hour. Rolling windows move most
   * active users' wake-up on every batch, into the same few hours; one partition takes about 1,000
   * writes a second, so an unsharded hour throttles at a few thousand events a second. 128 shards
   * hold about 100,000 events a second (docs/scale.md).
   */
  static final int WAKE_SHARDS = 128;

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

  /** The hour alone: the {@code byWake} partition of items written before it was sharded. */
  static String wakeHour(Instant at) {
    return HOUR.format(at);
  }

  /** The {@code byWake} partition of a profile: the hour of its wake-up, and its shard. */
  static String wakePartition(String appId, String userId, Instant at) {
    return wakeShard(
        HOUR.format(at), Math.floorMod(profile(appId, userId).hashCode(), WAKE_SHARDS));
  }

  static String wakeShard(String hour, int shard) {
    return String.format("%s#%03d", hour, shard);
  }
}
