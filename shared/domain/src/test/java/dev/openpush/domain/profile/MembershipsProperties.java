package dev.openpush.domain.profile;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Memberships behave as an insertion-ordered map of segment id to entry time under any sequence of
 * entries, exits, clears and store round trips: the index, its deletions and its growth lose and
 * invent nothing, and what was read from a stored form is stored as if entered one by one.
 */
class MembershipsProperties {
  private static final Instant T = Instant.parse("2026-11-20T09:30:00Z");

  record Step(int kind, String segmentId, int seconds) {}

  @Property(tries = 400)
  void agreeWithAnOrderedMap(@ForAll("steps") List<Step> steps) {
    Memberships memberships = new Memberships();
    Map<String, Instant> model = new LinkedHashMap<>();
    for (Step step : steps) {
      Instant at = T.plusSeconds(step.seconds());
      switch (step.kind()) {
        case 0, 1, 2, 3 ->
            assertThat(memberships.enter(step.segmentId(), at))
                .isEqualTo(model.putIfAbsent(step.segmentId(), at) == null);
        case 4, 5, 6 ->
            assertThat(memberships.exit(step.segmentId()))
                .isEqualTo(model.remove(step.segmentId()) != null);
        case 7 -> {
          byte[] stored = MembershipsCodec.encode(memberships);
          // Read memberships store the bytes that the same memberships entered one by one do.
          assertThat(stored).isEqualTo(MembershipsCodec.encode(written(model)));
          memberships = MembershipsCodec.decode(stored);
        }
        default -> {
          memberships.clear();
          model.clear();
        }
      }
      assertThat(memberships.isMember(step.segmentId()))
          .isEqualTo(model.containsKey(step.segmentId()));
      assertThat(memberships.enteredAt(step.segmentId())).isEqualTo(model.get(step.segmentId()));
    }
    assertThat(memberships.asMap()).containsExactlyEntriesOf(model);
    assertThat(memberships.size()).isEqualTo(model.size());
    assertThat(MembershipsCodec.encode(memberships))
        .isEqualTo(MembershipsCodec.encode(written(model)));
  }

  /** Memberships entered one by one, never read from a stored form. */
  private static Memberships written(Map<String, Instant> entries) {
    Memberships fresh = new Memberships();
    entries.forEach(fresh::enter);
    return fresh;
  }

  /**
   * Few distinct ids, so that entries, exits and re-entries meet; "Aa" and "BB" (and their suffixed
   * forms) share a hash code, so probe chains form and are cut by exits.
   */
  @Provide
  Arbitrary<List<Step>> steps() {
    Arbitrary<String> ids =
        Arbitraries.oneOf(
            Arbitraries.of("Aa", "BB", "AaAa", "BBBB", "AaBB", "BBAa"),
            Arbitraries.integers().between(0, 60).map(i -> "seg-" + i));
    Arbitrary<Integer> kinds =
        Arbitraries.frequency(
            net.jqwik.api.Tuple.of(60, 0), net.jqwik.api.Tuple.of(35, 4),
            net.jqwik.api.Tuple.of(4, 7), net.jqwik.api.Tuple.of(1, 8));
    return Combinators.combine(kinds, ids, Arbitraries.integers().between(-5, 100))
        .as(Step::new)
        .list()
        .ofMaxSize(600);
  }
}
