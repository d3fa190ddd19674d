package dev.openpush.domain.campaign;

import com.fasterxml.jackson.databind.JsonNode;
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

  /**
   * What set off a triggered campaign for one user: an event ({@code id} its message id, {@code
   * properties} what templates read as {@code event.properties}) or a segment entry ({@code id} the
   * segment and entry time, no properties).
   */
  record Trigger(String id, Instant at, JsonNode properties) {}

  /**
   * Users of the run to send to, not before {@code notBefore} (null for now); {@code trigger} is
   * set for a triggered campaign's task (of one user), null otherwise.
   */
  record SendTo(
      String appId,
      String campaignId,
      String runId,
      Instant runStartedAt,
      List<String> userIds,
      Instant notBefore,
      Trigger trigger)
      implements SendTask {
    public SendTo {
      userIds = List.copyOf(userIds);
    }

    public SendTo(
        String appId,
        String campaignId,
        String runId,
        Instant runStartedAt,
        List<String> userIds,
        Instant notBefore) {
      this(appId, campaignId, runId, runStartedAt, userIds, notBefore, null);
    }

    /**
     * What one copy per user counts against: the run, or for a trigger the run and the trigger, so
     * that each trigger sends once however often it is delivered.
     */
    public String deliveryRun() {
      return trigger == null ? runId : runId + "/" + trigger.id();
    }

    /**
     * The same for every delivery of this task: a digest of its users (whatever their order), when
     * it may go and what triggered it.
     */
    public String key() {
      try {
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        for (String id : userIds.stream().sorted().toList()) {
          sha.update(id.getBytes(StandardCharsets.UTF_8));
          sha.update((byte) 0);
        }
        sha.update(String.valueOf(notBefore).getBytes(StandardCharsets.UTF_8));
        if (trigger != null) {
          sha.update((byte) 0);
          sha.update(trigger.id().getBytes(StandardCharsets.UTF_8));
        }
        return HexFormat.of().formatHex(sha.digest(), 0, 16);
      } catch (NoSuchAlgorithmException e) {
        throw new IllegalStateException("every JDK has SHA-256", e);
      }
    }
  }
}
