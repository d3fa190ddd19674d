package dev.openpush.domain.campaign;

import dev.openpush.domain.delivery.SuppressionReason;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A campaign's figures (SPEC 3 metrics) for its latest run: per variant what the send tasks
 * recorded (targeted, sent, failed, suppressed by reason, exited) and what users did after
 * (received, opened, converted); the holdout's users and conversions; each variant's lift over the
 * holdout in conversion rate; and whether the observed split matches the weights.
 *
 * <p>Conversion rates are per targeted user (suppressed included), the holdout's per held-out user:
 * the same question asked of both groups, so that suppression cannot flatter a variant.
 */
public record CampaignMetrics(
    String campaignId,
    List<VariantFigures> variants,
    long holdoutTargeted,
    long holdoutConverted,
    List<VariantLift> lift,
    SampleRatio split,
    SendTimeLift sendTime) {

  /**
   * What sending in engagement windows brought (campaigns with {@code sendAt: "engagementWindow"}):
   * the open rate of the users sent in their windows against that of the send-time holdout, sent at
   * the plain time; rates per user reached (targeted, not suppressed, not failed).
   */
  public record SendTimeLift(
      long reached, long opened, long plainReached, long plainOpened, Lift lift) {}

  public record VariantFigures(
      String variantId,
      long targeted,
      long sent,
      long failed,
      long exited,
      Map<SuppressionReason, Long> suppressed,
      long received,
      long opened,
      long converted) {}

  public record VariantLift(String variantId, Lift lift) {}

  static CampaignMetrics of(Campaign campaign, Outcomes.RunOutcomes run) {
    List<VariantFigures> figures = new ArrayList<>();
    List<VariantLift> lifts = new ArrayList<>();
    long[] observed = new long[campaign.variants().size() + 1];
    int i = 0;
    for (Variant variant : campaign.variants()) {
      Tally t = run.byVariant().getOrDefault(variant.id(), Tally.NONE);
      Outcomes.Engaged e = run.engaged().getOrDefault(variant.id(), Outcomes.Engaged.NONE);
      figures.add(
          new VariantFigures(
              variant.id(),
              t.targeted(),
              t.sent(),
              t.failed(),
              t.exited(),
              t.suppressed(),
              e.received(),
              e.opened(),
              e.converted()));
      if (campaign.holdoutPercent() > 0 && campaign.conversion() != null) {
        lifts.add(
            new VariantLift(
                variant.id(),
                Lift.of(e.converted(), t.targeted(), run.holdoutConverted(), run.holdout())));
      }
      observed[i++] = t.targeted(); // exited users are in no group's count, holdout's included
    }
    observed[i] = run.holdout();
    return new CampaignMetrics(
        campaign.id(),
        figures,
        run.holdout(),
        run.holdoutConverted(),
        lifts,
        SampleRatio.of(campaign.assignment().expectedShares(), observed),
        campaign.sendsInEngagementWindow() ? sendTime(campaign, run) : null);
  }

  private static SendTimeLift sendTime(Campaign campaign, Outcomes.RunOutcomes run) {
    long reached = 0;
    long opened = 0;
    for (Variant variant : campaign.variants()) {
      reached += reached(run.byVariant().getOrDefault(variant.id(), Tally.NONE));
      opened += run.engaged().getOrDefault(variant.id(), Outcomes.Engaged.NONE).opened();
    }
    long plainReached = reached(run.byVariant().getOrDefault(TimingHoldout.PLAIN_TIME, Tally.NONE));
    long plainOpened =
        run.engaged().getOrDefault(TimingHoldout.PLAIN_TIME, Outcomes.Engaged.NONE).opened();
    long windowReached = reached - plainReached;
    long windowOpened = opened - plainOpened;
    return new SendTimeLift(
        windowReached,
        windowOpened,
        plainReached,
        plainOpened,
        Lift.of(windowOpened, windowReached, plainOpened, plainReached));
  }

  private static long reached(Tally t) {
    return t.targeted() - t.failed() - t.suppressedTotal();
  }
}
