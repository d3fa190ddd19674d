package dev.openpush.aws.dynamodb;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;

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
   * How many partitions hold one segment's members. A partition takes about 1,000 writes a second;
   * the busiest segment of the scale simulation takes 20,000 at 100,000 events a second
   * (docs/scale.md).
   */
  static final int MEMBER_SHARDS = 32;

  /**
   * The sort key of the member counter each shard partition held before sizes were counted from
   * member items: no longer written, deleted with the segment.
   */
  static final String SHARD_COUNTER = "#count";

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

  /**
   * A segment's unsharded partition: its members and 16 counters as stored before the shards
   * existed, and the app's user counters ({@link #ALL_USERS}).
   */
  static String segmentPartition(String appId, String segmentId) {
    return appId + "#" + segmentId;
  }

  /** The shard partition of a segment that holds a user's member item and counts it. */
  static String memberPartition(String appId, String segmentId, String userId) {
    return memberShardPartition(appId, segmentId, Math.floorMod(userId.hashCode(), MEMBER_SHARDS));
  }

  static String memberShardPartition(String appId, String segmentId, int shard) {
    return String.format("%s#%s#%02d", appId, segmentId, shard);
  }

  /**
   * Every partition that may hold a segment's members, in listing order: the unsharded one of
   * segments stored before the shards existed, then the shards.
   */
  static List<String> memberPartitions(String appId, String segmentId) {
    List<String> partitions = new ArrayList<>(MEMBER_SHARDS + 1);
    partitions.add(segmentPartition(appId, segmentId));
    for (int shard = 0; shard < MEMBER_SHARDS; shard++) {
      partitions.add(memberShardPartition(appId, segmentId, shard));
    }
    return partitions;
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
