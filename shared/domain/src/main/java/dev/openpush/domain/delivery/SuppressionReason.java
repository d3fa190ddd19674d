package dev.openpush.domain.delivery;

/**
 * Why a user of a campaign run got no message, as metrics and the API name it (SPEC 3). A user is
 * counted once, under the first rule that stopped them, in the order {@link DeliveryRules} checks.
 */
public enum SuppressionReason {
  DUPLICATE("duplicate"),
  DEADLINE("deadline"),
  CONSENT("consent"),
  TOPIC("topic"),
  NO_DEVICE("noDevice"),
  INVALID_DEVICE("invalidDevice"),
  COOLDOWN("cooldown"),
  FREQUENCY_CAP("frequencyCap"),
  QUIET_HOURS("quietHours");

  private final String code;

  SuppressionReason(String code) {
    this.code = code;
  }

  /** The exact code of the contract. */
  public String code() {
    return code;
  }
}
