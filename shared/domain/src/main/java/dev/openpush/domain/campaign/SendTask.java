package dev.openpush.domain.campaign;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;

/**
 * Work on the send queue. A launch enqueues one {@link FanOut}; each reads a page of the segment's
 * members, enqueues {@link SendTo} batches for them and the next page's {@code FanOut}, so sending
 * scales with the queue's consumers, not with one function's loop.
 */
public sealed interface SendTask {
  String appId();

  String campaignId();

  String runId();

  /** A page of the run's audience still to be read; {@code cursor} null for the first. */
  record FanOut(String appId, String campaignId, String runId, Instant runStartedAt, String cursor)
      implements SendTask {}

  /** Users of the run to send to, not before {@code notBefore} (null for now). */
  record SendTo(
      String appId,
      String campaignId,
      String runId,
      Instant runStartedAt,
      List<String> userIds,
      Instant notBefore)
      implements SendTask {
    public SendTo {
      userIds = List.copyOf(userIds);
    }

    /** The same for every delivery of this task: a digest of its users, whatever their order. */
    public String key() {
      try {
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        for (String id : userIds.stream().sorted().toList()) {
          sha.update(id.getBytes(StandardCharsets.UTF_8));
          sha.update((byte) 0);
        }
        return HexFormat.of().formatHex(sha.digest(), 0, 16);
      } catch (NoSuchAlgorithmException e) {
        throw new IllegalStateException("every JDK has SHA-256", e);
      }
    }
  }
}
