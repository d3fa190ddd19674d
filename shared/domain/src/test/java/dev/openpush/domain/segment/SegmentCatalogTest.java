package dev.openpush.domain.segment;

import static dev.openpush.domain.support.Fixtures.NOW;
import static dev.openpush.domain.support.Fixtures.identify;
import static dev.openpush.domain.support.Fixtures.segment;
import static dev.openpush.domain.support.Fixtures.track;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.openpush.domain.condition.InvalidDefinitionException;
import dev.openpush.domain.profile.Profile;
import dev.openpush.domain.profile.ProfileChange;
import dev.openpush.domain.profile.ProfileUpdater;
import java.util.List;
import org.junit.jupiter.api.Test;

class SegmentCatalogTest {
  private final List<Segment> segments =
      List.of(
          segment("buyers", "{'event':'Order Completed','within':'P7D'}"),
          segment("berlin", "{'trait':'address.city','op':'eq','value':'Berlin'}"),
          segment("ios", "{'platform':'ios'}"),
          segment("active", "{'computed':'lastSeenDays','op':'lt','value':7}"),
          segment("berlin-buyers", "{'and':[{'segment':'buyers'},{'segment':'berlin'}]}"));
  private final SegmentCatalog catalog = new SegmentCatalog(segments);

  private static List<String> ids(SegmentCatalog catalog, int[] positions) {
    return java.util.Arrays.stream(positions).mapToObj(i -> catalog.segmentAt(i).id()).toList();
  }

  /** The segments an update can reach: those its leaves stand in, and their referrers. */
  private List<String> reachedBy(ProfileChange change) {
    int[] leaves = catalog.leavesReading(change);
    return ids(catalog, catalog.standingIn(leaves, leaves.length));
  }

  @Test
  void anEventReachesOnlyTheSegmentsWithALeafReadingItAndTheirReferrers() {
    Profile p = new Profile("shop", "u1");
    ProfileChange change =
        ProfileUpdater.withDefaults()
            .apply(p, track("u1", "Order Completed", NOW.minusSeconds(600), "{}"), NOW);

    assertThat(reachedBy(change)).containsExactlyInAnyOrder("buyers", "berlin-buyers", "active");
  }

  @Test
  void aTraitChangeReachesTraitAndContextSegmentsOfThatName() {
    Profile p = new Profile("shop", "u1");
    p.setLastEventAt(NOW);
    ProfileChange change =
        ProfileUpdater.withDefaults()
            .apply(
                p,
                identify(
                    "u1", NOW.minusSeconds(5), "{'address':{'city':'Berlin'},'platform':'ios'}"),
                NOW);

    assertThat(reachedBy(change)).containsExactlyInAnyOrder("berlin", "berlin-buyers", "ios");
  }

  @Test
  void equalLeavesOfDifferentSegmentsAreOneLeaf() {
    SegmentCatalog twins =
        new SegmentCatalog(
            List.of(
                segment("a", "{'event':'Order Completed','within':'P7D'}"),
                segment(
                    "b",
                    "{'and':[{'event':'Order Completed','within':'P7D'},{'platform':'ios'}]}")));
    Profile p = new Profile("shop", "u1");
    ProfileChange change =
        ProfileUpdater.withDefaults()
            .apply(p, track("u1", "Order Completed", NOW.minusSeconds(600), "{}"), NOW);

    int[] leaves = twins.leavesReading(change);

    assertThat(leaves).hasSize(1);
    assertThat(twins.leaf(leaves[0]).path()).isEqualTo("condition");
    assertThat(ids(twins, twins.standingIn(leaves, 1))).containsExactly("a", "b");
  }

  @Test
  void knowsWhichSegmentsChangeWithTime() {
    assertThat(ids(catalog, catalog.timeDependentPositions()))
        .containsExactlyInAnyOrder("buyers", "active", "berlin-buyers");
  }

  @Test
  void knowsWhichSegmentsReferToASegment() {
    assertThat(SegmentReferences.referrersOf("buyers", segments)).containsExactly("berlin-buyers");
    assertThat(SegmentReferences.referrersOf("ios", segments)).isEmpty();
  }

  @Test
  void refusesAReferenceToAMissingSegment() {
    assertThatThrownBy(
            () ->
                SegmentReferences.check(
                    segment("x", "{'or':[{'platform':'ios'},{'segment':'nope'}]}"), segments))
        .isInstanceOf(InvalidDefinitionException.class)
        .hasMessage("condition.or[1].segment: no segment \"nope\" in this app");
  }

  @Test
  void refusesACycleThroughOtherSegments() {
    Segment changedBuyers = segment("buyers", "{'segment':'berlin-buyers'}");
    assertThatThrownBy(() -> SegmentReferences.check(changedBuyers, segments))
        .isInstanceOf(InvalidDefinitionException.class)
        .hasMessageContaining("a cycle");
    assertThatThrownBy(
            () -> SegmentReferences.check(segment("self", "{'segment':'self'}"), segments))
        .hasMessageContaining("a cycle");
  }
}
