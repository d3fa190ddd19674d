package dev.openpush.domain.template;

import java.time.Instant;
import java.util.Map;

/**
 * A push message with variables (SPEC 3 templates): title, body, deep link and data values, each
 * Handlebars text rendered per user.
 *
 * @param deepLink null for none
 */
public record MessageTemplate(
    String appId,
    String id,
    String name,
    String title,
    String body,
    String deepLink,
    Map<String, String> data,
    long version,
    Instant createdAt,
    Instant updatedAt) {

  public MessageTemplate {
    data = Map.copyOf(data);
  }
}
