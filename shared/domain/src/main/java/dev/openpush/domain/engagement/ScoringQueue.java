package dev.openpush.domain.engagement;

import java.util.Collection;
import java.util.List;

/**
 * Users whose engagement changed since their window was last scored: what the scheduled scoring
 * reads instead of scanning profiles. Spread over {@link #SHARDS} partitions by user, so that no
 * partition takes more than its share of marks.
 */
public interface ScoringQueue {
  int SHARDS = 32;

  record Entry(String appId, String userId) {}

  /** Marks users to be scored again; marking twice is marking once. */
  void mark(String appId, Collection<String> userIds);

  /** Up to {@code limit} marked users of one shard. */
  List<Entry> take(int shard, int limit);

  /** Forgets marks whose users were scored. */
  void done(List<Entry> entries);
}
