package dev.openpush.domain.campaign;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class VariantAssignmentTest {
  private static final List<Variant> AB =
      List.of(new Variant("a", 3, "t-a"), new Variant("b", 1, "t-b"));
  private static final int USERS = 200_000;

  private static String armName(Arm arm) {
    return arm instanceof Arm.Of of ? of.variant().id() : "holdout";
  }

  @Test
  void aUserKeepsTheirArmAcrossAssignersAndRuns() {
    VariantAssignment first = new VariantAssignment("spring-sale", AB, 10);
    VariantAssignment second = new VariantAssignment("spring-sale", AB, 10);

    for (int u = 0; u < 1_000; u++) {
      assertThat(second.armOf("user-" + u)).isEqualTo(first.armOf("user-" + u));
    }
  }

  @Test
  void armsTakeTheirWeightsShareAfterTheHoldout() {
    VariantAssignment assignment = new VariantAssignment("spring-sale", AB, 10);
    Map<String, Integer> counts = new HashMap<>();

    for (int u = 0; u < USERS; u++) {
      counts.merge(armName(assignment.armOf("user-" + u)), 1, Integer::sum);
    }

    // 10 % holdout, then 3:1 of the remaining 90 %: 67.5 % and 22.5 %.
    assertThat(counts.get("holdout") / (double) USERS).isCloseTo(0.10, within(0.005));
    assertThat(counts.get("a") / (double) USERS).isCloseTo(0.675, within(0.005));
    assertThat(counts.get("b") / (double) USERS).isCloseTo(0.225, within(0.005));
    long[] seen = {counts.get("a"), counts.get("b"), counts.get("holdout")};
    assertThat(SampleRatio.of(assignment.expectedShares(), seen).mismatch()).isFalse();
  }

  @Test
  void campaignsSplitUsersIndependently() {
    VariantAssignment one = new VariantAssignment("one", AB, 20);
    VariantAssignment other = new VariantAssignment("other", AB, 20);
    int inBoth = 0;

    for (int u = 0; u < USERS; u++) {
      if (one.armOf("user-" + u) instanceof Arm.Holdout
          && other.armOf("user-" + u) instanceof Arm.Holdout) {
        inBoth++;
      }
    }

    // The same users held out everywhere would be 20 %; independent campaigns share 4 %.
    assertThat(inBoth / (double) USERS).isCloseTo(0.04, within(0.003));
  }

  @Test
  void aVariantOfWeightZeroGetsNoOneAndNoHoldoutMeansEveryoneGetsAMessage() {
    VariantAssignment paused =
        new VariantAssignment(
            "c", List.of(new Variant("on", 1, "t"), new Variant("off", 0, "t")), 0);

    for (int u = 0; u < 10_000; u++) {
      assertThat(armName(paused.armOf("user-" + u))).isEqualTo("on");
    }
  }

  @Test
  void impossibleSplitsAreRefused() {
    assertThatThrownBy(() -> new VariantAssignment("c", List.of(), 0))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new VariantAssignment("c", AB, 51))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new VariantAssignment("c", List.of(new Variant("a", 0, "t")), 0))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
