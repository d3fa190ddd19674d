package dev.openpush.domain.sweep;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.DecimalNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.openpush.domain.event.Event;
import dev.openpush.domain.event.EventType;
import dev.openpush.domain.ports.ProfileCommit;
import dev.openpush.domain.ports.ProfileDirectory;
import dev.openpush.domain.ports.SegmentRepository;
import dev.openpush.domain.ports.UserRef;
import dev.openpush.domain.ports.WakeQueue;
import dev.openpush.domain.profile.Profile;
import dev.openpush.domain.profile.ProfileUpdater;
import dev.openpush.domain.segment.Segment;
import dev.openpush.domain.segment.SegmentCatalog;
import dev.openpush.domain.segment.SegmentStatus;
import dev.openpush.domain.support.Fixtures;
import dev.openpush.domain.support.InMemoryProfileStore;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SweepServiceTest {
  private static final Instant NOW = Fixtures.NOW.plus(Duration.ofHours(1));

  @Test
  void oneUsersUnreadableDataNeverStopsABuildForEveryoneElse() {
    InMemoryProfileStore store = new InMemoryProfileStore();
    save(
        store,
        Fixtures.profileWith(
            Fixtures.track("ann", "Order Completed", Fixtures.NOW, "{'revenue':300}")));
    // Stored before numbers were bounded at parse time: a sum over it cannot be computed.
    save(store, Fixtures.profileWith(orderWithRevenue("legacy", new BigDecimal("1e999999999"))));
    Segment building =
        Fixtures.segment("big", "{'computed':'monetary90d','op':'gt','value':100}")
            .withStatus(SegmentStatus.BUILDING, Fixtures.NOW);
    Repository segments = new Repository(building);
    SweepService sweep =
        new SweepService(
            store,
            app -> new SegmentCatalog(List.of(segments.current)),
            segments,
            new NoWakeUps(),
            new Directory(List.of("ann", "legacy")),
            Clock.fixed(NOW, ZoneOffset.UTC),
            Duration.ZERO);

    SweepService.Report report = sweep.run(Duration.ofMinutes(1));

    assertThat(report.skippedUsers()).isEqualTo(1);
    assertThat(report.builtUsers()).isEqualTo(2);
    assertThat(report.segmentsLive()).containsExactly("big");
    assertThat(segments.current.status()).isEqualTo(SegmentStatus.LIVE);
    assertThat(store.members("big")).containsExactly("ann");
  }

  private static Event orderWithRevenue(String user, BigDecimal revenue) {
    return new Event(
        EventType.TRACK,
        "Order Completed",
        "m-" + user,
        "shop",
        user,
        null,
        null,
        Fixtures.NOW,
        JsonNodeFactory.instance.objectNode().set("revenue", DecimalNode.valueOf(revenue)),
        JsonNodeFactory.instance.objectNode(),
        JsonNodeFactory.instance.objectNode());
  }

  private static void save(InMemoryProfileStore store, Profile p) {
    ProfileUpdater.withDefaults().compact(p, Fixtures.NOW);
    store.commit(new ProfileCommit("shop", List.of(new ProfileCommit.Write(p, List.of())), 0));
  }

  /** One segment, built once. */
  private static final class Repository implements SegmentRepository {
    Segment current;

    Repository(Segment segment) {
      this.current = segment;
    }

    @Override
    public Optional<Segment> find(String appId, String segmentId) {
      return Optional.of(current);
    }

    @Override
    public Page list(String appId, String cursor, int limit) {
      return new Page(List.of(current), null);
    }

    @Override
    public List<Segment> all(String appId) {
      return List.of(current);
    }

    @Override
    public List<Segment> pendingWork() {
      return current.status() == SegmentStatus.LIVE ? List.of() : List.of(current);
    }

    @Override
    public void create(Segment segment) {
      current = segment;
    }

    @Override
    public void replace(Segment segment, long expectedVersion) {
      current = segment;
    }

    @Override
    public String progress(Segment segment) {
      return null;
    }

    @Override
    public void saveProgress(Segment segment, String cursor) {}

    @Override
    public void remove(Segment segment) {}
  }

  private static final class NoWakeUps implements WakeQueue {
    @Override
    public List<UserRef> due(Instant after, Instant until) {
      return List.of();
    }

    @Override
    public Instant sweptUntil() {
      return Instant.EPOCH;
    }

    @Override
    public void markSweptUntil(Instant until) {}
  }

  private record Directory(List<String> users) implements ProfileDirectory {
    @Override
    public Page users(String appId, String cursor, int limit) {
      return new Page(new ArrayList<>(users), null);
    }

    @Override
    public Page members(String appId, String segmentId, String cursor, int limit) {
      return new Page(List.of(), null);
    }

    @Override
    public long size(String appId, String segmentId) {
      throw new UnsupportedOperationException("the sweep never counts");
    }

    @Override
    public long userCount(String appId) {
      throw new UnsupportedOperationException("the sweep never counts");
    }
  }
}
