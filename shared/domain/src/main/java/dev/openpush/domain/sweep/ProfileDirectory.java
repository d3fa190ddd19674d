package dev.openpush.domain.sweep;

import java.util.List;

/**
 * Pages through an app's users (for building a segment) or a segment's members (for deleting one).
 */
public interface ProfileDirectory {
  /** A page of user ids and the cursor of the next page (null at the end). */
  record Page(List<String> userIds, String nextCursor) {}

  Page users(String appId, String cursor, int limit);

  Page members(String appId, String segmentId, String cursor, int limit);
}
