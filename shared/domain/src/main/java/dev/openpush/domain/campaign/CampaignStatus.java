package dev.openpush.domain.campaign;

/** Where a campaign is in its life (SPEC 3). */
public enum CampaignStatus {
  DRAFT,
  SCHEDULED,
  RUNNING,
  COMPLETED,
  STOPPED;

  public String wireName() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
