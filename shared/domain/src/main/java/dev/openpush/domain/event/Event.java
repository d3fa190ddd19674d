package dev.openpush.domain.event;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.Optional;

/**
 * One validated Segment-spec event.
 *
 * @param name the behavioural name: the track {@code event}, {@code "Screen Viewed"} for a screen
 *     call, {@code "Page Viewed"} for a page call (the screen or page name is the {@code name}
 *     property), null for identify and alias
 * @param userId the known user id, or null
 * @param anonymousId the anonymous id, or null
 * @param previousId for alias: the id being merged into {@code userId}
 * @param properties track/screen/page properties (never null, may be empty)
 * @param traits identify traits (never null, may be empty); {@code context.traits} are not used
 * @param context the raw {@code context} object (never null, may be empty)
 */
public record Event(
    EventType type,
    String name,
    String messageId,
    String appId,
    String userId,
    String anonymousId,
    String previousId,
    Instant timestamp,
    ObjectNode properties,
    ObjectNode traits,
    ObjectNode context) {

  public static final String SCREEN_VIEWED = "Screen Viewed";
  public static final String PAGE_VIEWED = "Page Viewed";
  public static final String ORDER_COMPLETED = "Order Completed";

  /**
   * The id whose profile this event is about before any merge: the user id, else the anonymous id.
   */
  public String primaryId() {
    return userId != null ? userId : anonymousId;
  }

  /** The id that this event says is the same person as {@link #primaryId()}, if any. */
  public Optional<String> linkedId() {
    if (type == EventType.ALIAS) {
      return Optional.of(previousId);
    }
    if (userId != null && anonymousId != null && !userId.equals(anonymousId)) {
      return Optional.of(anonymousId);
    }
    return Optional.empty();
  }
}
