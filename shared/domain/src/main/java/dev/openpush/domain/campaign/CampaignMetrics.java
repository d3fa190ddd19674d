package dev.openpush.domain.campaign;

import dev.openpush.domain.delivery.SuppressionReason;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A campaign's figures (SPEC 3 metrics), counted from the recorded outcomes of its run: per variant
 * the users targeted, messages sent and failed, users suppressed by reason; the holdout's users;
 * and whether the observed split matches the weights.
 *
 * <p>{@code received}, {@code opened} and {@code converted} need the apps' push events attributed
 * to runs, which is not built yet: they are null ("not measured"), and so is the lift.
 */
public record CampaignMetrics(
    String campaignId, List<VariantFigures> variants, long holdoutTargeted, SampleRatio split) {

  public record VariantFigures(
      String variantId,
      long targeted,
      long sent,
      long failed,
      Map<SuppressionReason, Long> suppressed) {}

  static CampaignMetrics of(Campaign campaign, Outcomes.RunOutcomes run) {
    List<Outcome> outcomes = run.outcomes();
    Map<String, long[]> counts = new LinkedHashMap<>();
    Map<String, Map<SuppressionReason, Long>> reasons = new LinkedHashMap<>();
    for (Variant variant : campaign.variants()) {
      counts.put(variant.id(), new long[3]);
      reasons.put(variant.id(), new EnumMap<>(SuppressionReason.class));
    }
    long holdout = run.holdout();
    for (Outcome outcome : outcomes) {
      if (outcome.kind() == Outcome.Kind.HOLDOUT) {
        continue; // held-out users are counted per task, not per user
      }
      long[] c = counts.get(outcome.variantId());
      if (c == null) {
        continue; // a variant the definition no longer has
      }
      c[0]++;
      switch (outcome.kind()) {
        case SENT -> c[1] += outcome.messages();
        case FAILED -> c[2]++;
        case SUPPRESSED -> reasons.get(outcome.variantId()).merge(outcome.reason(), 1L, Long::sum);
        case HOLDOUT -> {}
      }
    }
    List<VariantFigures> figures = new ArrayList<>();
    long[] observed = new long[campaign.variants().size() + 1];
    int i = 0;
    for (Variant variant : campaign.variants()) {
      long[] c = counts.get(variant.id());
      figures.add(new VariantFigures(variant.id(), c[0], c[1], c[2], reasons.get(variant.id())));
      observed[i++] = c[0];
    }
    observed[i] = holdout;
    return new CampaignMetrics(
        campaign.id(),
        figures,
        holdout,
        SampleRatio.of(campaign.assignment().expectedShares(), observed));
  }
}
