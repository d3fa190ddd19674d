package dev.openpush.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.openpush.domain.sweep.SweepService;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Updates re-evaluate only segments whose leaves they flip, so a segment is built only once every
 * ingest function holds its definition: here the definitions cache is 10 s, so 11 s after the
 * change.
 */
class SegmentBuildSettleTest {
  private static StackFixture f;

  @BeforeAll
  static void start() {
    f = new StackFixture(Duration.ofSeconds(10));
  }

  @AfterAll
  static void stop() {
    f.close();
  }

  private String status(String segmentId) {
    return f.call("GET", "/v1/apps/" + f.app + "/segments/" + segmentId, null)
        .body()
        .get("status")
        .asText();
  }

  @Test
  void aNewSegmentIsBuiltOnceEveryIngestFunctionHoldsItsDefinition() {
    f.putAndAwait(
        List.of(
            f.track("ann", "Order Completed", f.clock.now().minusSeconds(3600), "{'revenue':20}")));
    assertThat(
            f.call(
                    "POST",
                    "/v1/apps/" + f.app + "/segments",
                    "{'id':'buyers','name':'Buyers','condition':{'event':'Order Completed'}}")
                .status())
        .isEqualTo(201);

    SweepService.Report early = f.stack.sweepNow();

    assertThat(early.finished()).isFalse();
    assertThat(early.builtUsers()).isZero();
    assertThat(status("buyers")).isEqualTo("building");

    f.clock.advance(Duration.ofSeconds(11));
    SweepService.Report settled = f.stack.sweepNow();

    assertThat(settled.finished()).isTrue();
    assertThat(status("buyers")).isEqualTo("live");
    assertThat(f.members("buyers")).containsExactly("ann");
  }
}
