package dev.openpush.aws.dynamodb;

import java.time.Instant;

/**
 * The partition key each kind of write lands on, by table and index, built by the same functions
 * the store uses: what the scale simulation ({@code bin/bench scale}, docs/scale.md) counts writes
 * against.
 */
public final class PartitionKeys {
  private PartitionKeys() {}

  /** {@code ProfilesTable}: one partition key per user. */
  public static String profile(String appId, String userId) {
    return Keys.profile(appId, userId);
  }

  /** The {@code byApp} index: one partition key per app. */
  public static String byApp(String appId) {
    return appId;
  }

  /** The {@code byWake} index: the hour of the wake-up and the user's shard. */
  public static String byWake(String appId, String userId, Instant wake) {
    return Keys.wakePartition(appId, userId, wake);
  }

  /** {@code MembershipsTable}: a member item and its shard's counter. */
  public static String members(String appId, String segmentId, String userId) {
    return Keys.memberPartition(appId, segmentId, userId);
  }

  /** {@code MembershipsTable} as it was before members were sharded: one partition a segment. */
  public static String unshardedMembers(String appId, String segmentId) {
    return Keys.segmentPartition(appId, segmentId);
  }
}
