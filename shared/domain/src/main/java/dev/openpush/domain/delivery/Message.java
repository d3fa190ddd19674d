package dev.openpush.domain.delivery;

import java.time.Instant;
import java.util.List;

/**
 * One campaign run's message as the rules see it.
 *
 * @param topic null if the campaign has none
 * @param frequencyCaps the campaign's own caps, counting only its messages
 * @param ignoreFrequencyCaps true for messages the app's caps must not hold back (transactional)
 * @param dropInQuietHours true to drop a message that falls in quiet hours, false to defer it
 * @param deadline null for none: after it, the message is not sent at all
 */
public record Message(
    String campaignId,
    String runId,
    String topic,
    List<FrequencyCap> frequencyCaps,
    boolean ignoreFrequencyCaps,
    boolean dropInQuietHours,
    Instant deadline) {

  public Message {
    frequencyCaps = List.copyOf(frequencyCaps);
  }
}
