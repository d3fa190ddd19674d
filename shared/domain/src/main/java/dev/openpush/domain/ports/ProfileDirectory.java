package dev.openpush.domain.ports;

import java.util.List;

/**
 * Pages through an app's users (for building a segment) or a segment's members (for deleting one).
 */
public interface ProfileDirectory {
  /** A page of user ids and the cursor of the next page (null at the end). */
  record Page(List<String> userIds, String nextCursor) {}

  Page users(String appId, String cursor, int limit);

  Page members(String appId, String segmentId, String cursor, int limit);

  /** A segment's exact member count. */
  long size(String appId, String segmentId);

  /** How many users (not counting ids merged into others, or erased) the app has. */
  long userCount(String appId);
}
