package dev.openpush.domain.template;

import java.util.List;
import java.util.Map;

/**
 * A template rendered for one user: plain text, never HTML-escaped.
 *
 * @param fallbacks the variables that had no value and used their {@code default}, in order
 */
public record RenderedMessage(
    String title, String body, String deepLink, Map<String, String> data, List<String> fallbacks) {

  public RenderedMessage {
    data = Map.copyOf(data);
    fallbacks = List.copyOf(fallbacks);
  }
}
