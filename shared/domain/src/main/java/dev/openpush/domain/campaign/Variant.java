package dev.openpush.domain.campaign;

/** One message of a campaign's A/B test, sent to a share of its users in proportion to weight. */
public record Variant(String id, int weight, String templateId) {
  public Variant {
    if (weight < 0) {
      throw new IllegalArgumentException("a variant's weight cannot be negative");
    }
  }
}
