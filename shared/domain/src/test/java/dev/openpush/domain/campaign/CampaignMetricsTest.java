package dev.openpush.domain.campaign;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.openpush.domain.delivery.SuppressionReason;
import dev.openpush.domain.json.Json;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CampaignMetricsTest {
  private static final Instant NOW = Instant.parse("2026-11-23T12:00:00Z");

  private static Campaign campaign(String sendAt) {
    var d =
        Json.object()
            .put("name", "n")
            .put("segmentId", "all")
            .put("templateId", "t")
            .put("holdoutPercent", 10)
            .put("sendAt", sendAt);
    d.set("schedule", Json.object().put("type", "immediate"));
    d.set("conversion", Json.object().put("event", "Order Completed").put("within", "P1D"));
    return CampaignDefinitions.parse("shop", "c", d, CampaignStatus.RUNNING, "run-1", 2, NOW, NOW);
  }

  @Test
  void theSendTimeLiftComparesUsersSentInTheirWindowsWithThoseSentAtThePlainTime() {
    // 1,000 users of the variant reached... of whom 100 at the plain time; 5 suppressed, 5 failed.
    Tally all = new Tally(1_010, 1_000, 5, 0, Map.of(SuppressionReason.CONSENT, 5L));
    Tally plain = new Tally(100, 100, 0, 0, Map.of());
    Outcomes.RunOutcomes run =
        new Outcomes.RunOutcomes(
            Map.of("default", all, TimingHoldout.PLAIN_TIME, plain),
            110,
            Map.of(
                "default",
                new Outcomes.Engaged(900, 190, 60),
                TimingHoldout.PLAIN_TIME,
                new Outcomes.Engaged(0, 10, 0)),
            4);

    CampaignMetrics metrics = CampaignMetrics.of(campaign("engagementWindow"), run);

    CampaignMetrics.SendTimeLift t = metrics.sendTime();
    assertThat(t.reached()).isEqualTo(900); // 1,000 reached, less the 100 at the plain time
    assertThat(t.opened()).isEqualTo(180);
    assertThat(t.plainReached()).isEqualTo(100);
    assertThat(t.plainOpened()).isEqualTo(10);
    assertThat(t.lift().conversionRate()).isCloseTo(0.20, within(1e-9));
    assertThat(t.lift().holdoutRate()).isCloseTo(0.10, within(1e-9));
    assertThat(t.lift().relativeLift()).isCloseTo(1.0, within(1e-9));
    assertThat(t.lift().pValue()).isLessThan(0.05);
    // The plain-time pseudo-variant is not a variant of the metrics.
    assertThat(metrics.variants())
        .extracting(CampaignMetrics.VariantFigures::variantId)
        .containsExactly("default");
    assertThat(metrics.variants().getFirst().opened()).isEqualTo(190);
    // The conversion lift against the campaign's own holdout is still there.
    assertThat(metrics.lift())
        .singleElement()
        .satisfies(l -> assertThat(l.lift().holdoutRate()).isCloseTo(4 / 110.0, within(1e-9)));
    assertThat(CampaignMetrics.of(campaign("scheduled"), run).sendTime()).isNull();
  }
}
