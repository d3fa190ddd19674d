package dev.openpush.aws.dynamodb;

/**
 * The physical names of the tables, from the environment the template sets (see docs/data-model.md
 * for the key design).
 */
public record Tables(
    String profiles,
    String segments,
    String memberships,
    String history,
    String delivery,
    String campaigns) {

  /** The tables by the template's logical names (what the local stack and tests create). */
  public static Tables fromTemplateNames(java.util.Map<String, String> physicalByLogical) {
    return new Tables(
        physicalByLogical.get("ProfilesTable"),
        physicalByLogical.get("SegmentsTable"),
        physicalByLogical.get("MembershipsTable"),
        physicalByLogical.get("HistoryTable"),
        physicalByLogical.get("DeliveryTable"),
        physicalByLogical.get("CampaignsTable"));
  }

  /** Index of the profiles table by wake-up hour and time: what the sweep reads. */
  public static final String BY_WAKE = "byWake";

  /** Index of the profiles table by app and user id: what a segment build pages through. */
  public static final String BY_APP = "byApp";
}
