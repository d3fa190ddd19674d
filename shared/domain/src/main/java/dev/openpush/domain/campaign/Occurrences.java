package dev.openpush.domain.campaign;

import java.time.Instant;
import java.util.List;

/** When recurring campaigns fire next: what the campaign clock reads every minute. */
public interface Occurrences {
  /** One campaign's next occurrence. */
  record Due(String appId, String campaignId, Instant at) {}

  void schedule(String appId, String campaignId, Instant at);

  /** Occurrences at or before {@code now}, earliest first, at most {@code limit}. */
  List<Due> due(Instant now, int limit);

  /** Forgets an occurrence that has fired (or whose campaign is gone). */
  void done(Due due);
}
