package dev.openpush.domain.delivery;

import java.time.Instant;
import java.util.Map;

/**
 * A user's push opt-in and their choices per topic. A user who never set consent is opted in to
 * push and to every topic (SPEC 3); a topic not named follows push.
 */
public record Consent(boolean push, Map<String, Boolean> topics, Instant updatedAt) {
  public static final Consent NEVER_SET = new Consent(true, Map.of(), null);

  public Consent {
    topics = Map.copyOf(topics);
  }

  public boolean allowsTopic(String topic) {
    return topic == null || topics.getOrDefault(topic, true);
  }
}
