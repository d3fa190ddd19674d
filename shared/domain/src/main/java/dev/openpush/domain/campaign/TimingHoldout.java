package dev.openpush.domain.campaign;

/**
 * The built-in holdout of send-time optimisation: a tenth of the users of a campaign sent in
 * engagement windows get it at the campaign's plain time instead, chosen by a hash of campaign and
 * user independent of the variant split. Their open rate beside the others' is what send-time
 * optimisation brought, measured on the campaign's own traffic.
 */
final class TimingHoldout {
  static final double SHARE = 0.10;

  /** Under this pseudo-variant the plain-time users' tallies and opens are recorded as well. */
  static final String PLAIN_TIME = "~plainTime";

  private TimingHoldout() {}

  static boolean atPlainTime(Campaign campaign, String userId) {
    return campaign.sendsInEngagementWindow()
        && VariantAssignment.place(campaign.id() + "\u0001sendTime", userId) < SHARE;
  }
}
