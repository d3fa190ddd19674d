package dev.openpush.domain.engagement;

import static org.assertj.core.api.Assertions.assertThat;

import dev.openpush.domain.delivery.Consent;
import dev.openpush.domain.delivery.DeliverySettings;
import dev.openpush.domain.delivery.DeliveryState;
import dev.openpush.domain.delivery.SettingsRepository;
import dev.openpush.domain.ports.DeliveryStates;
import dev.openpush.domain.ports.ProfileCommit;
import dev.openpush.domain.ports.ProfileStore;
import dev.openpush.domain.profile.Profile;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class EngagementScoringTest {
  private static final Instant NOW = Instant.parse("2026-11-23T12:00:00Z");
  private static final String APP = "shop";

  private final Map<String, Profile> profiles = new LinkedHashMap<>();
  private final Map<String, DeliveryState> states = new HashMap<>();
  private final List<ScoringQueue.Entry> marked = new ArrayList<>();

  private EngagementScoring scoring(WindowPredictor model) {
    return new EngagementScoring(
        new ScoringQueue() {
          @Override
          public void mark(String appId, Collection<String> userIds) {
            userIds.forEach(u -> marked.add(new Entry(appId, u)));
          }

          @Override
          public List<Entry> take(int shard, int limit) {
            return shard == 0 ? List.copyOf(marked) : List.of();
          }

          @Override
          public void done(List<Entry> entries) {
            marked.removeAll(entries);
          }
        },
        new ProfileStore() {
          @Override
          public Map<String, Profile> load(String appId, Collection<String> userIds) {
            Map<String, Profile> found = new LinkedHashMap<>();
            userIds.forEach(
                u -> Optional.ofNullable(profiles.get(u)).ifPresent(p -> found.put(u, p)));
            return found;
          }

          @Override
          public void commit(ProfileCommit commit) {}

          @Override
          public void restoreHistory(Profile profile) {}

          @Override
          public void purgeHistory(String appId, Collection<String> userIds) {}
        },
        new DeliveryStates() {
          @Override
          public Optional<DeliveryState> find(String appId, String userId) {
            return Optional.ofNullable(states.get(userId));
          }

          @Override
          public void save(DeliveryState state) {
            states.put(state.userId(), state);
          }

          @Override
          public void delete(String appId, String userId) {
            states.remove(userId);
          }
        },
        new SettingsRepository() {
          @Override
          public DeliverySettings of(String appId) {
            return DeliverySettings.NONE;
          }

          @Override
          public void save(String appId, DeliverySettings settings) {}
        },
        model,
        Clock.fixed(NOW, ZoneOffset.UTC));
  }

  private void user(String id, boolean withDevices) {
    profiles.put(id, new Profile(APP, id));
    if (withDevices) {
      states.put(id, new DeliveryState(APP, id, Consent.NEVER_SET, List.of(), List.of(), 1));
    }
    marked.add(new ScoringQueue.Entry(APP, id));
  }

  @Test
  void theModelsWindowsAreStoredForUsersWithDevicesAndTheQueueEmpties() {
    user("ana", true);
    user("ben", false); // nowhere to send: nothing stored
    Profile erased = new Profile(APP, "cai");
    erased.eraseAt(NOW.minusSeconds(60), NOW.plus(Duration.ofDays(1)));
    profiles.put("cai", erased);
    states.put("cai", new DeliveryState(APP, "cai", Consent.NEVER_SET, List.of(), List.of(), 1));
    marked.add(new ScoringQueue.Entry(APP, "cai"));

    EngagementScoring.Report report =
        scoring(
                (histories, now) ->
                    histories.stream()
                        .map(
                            h ->
                                new WindowPredictor.Prediction(
                                    h.userId(),
                                    List.of(new EngagementWindow.BestHour(20, 0.3)),
                                    "v7"))
                        .toList())
            .run(Duration.ofSeconds(10));

    assertThat(report).isEqualTo(new EngagementScoring.Report(2, 2, 0));
    EngagementWindow window = states.get("ana").window();
    assertThat(window.source()).isEqualTo(EngagementWindow.Source.MODEL);
    assertThat(window.modelVersion()).isEqualTo("v7");
    assertThat(window.bestHours()).containsExactly(new EngagementWindow.BestHour(20, 0.3));
    assertThat(states).doesNotContainKey("ben");
    // An erased id's tombstone is never scored: its state gets no window back.
    assertThat(states.get("cai").window()).isNull();
    assertThat(marked).isEmpty();
  }

  @Test
  void aModelThatFailsOrIsNotThereLeavesTheBuiltInEstimateWhichSaysSo() {
    user("ana", true);
    EngagementScoring.Report failing =
        scoring(
                (histories, now) -> {
                  throw new IllegalStateException("endpoint timed out");
                })
            .run(Duration.ofSeconds(10));
    assertThat(failing).isEqualTo(new EngagementScoring.Report(1, 0, 1));
    assertThat(states.get("ana").window().source()).isEqualTo(EngagementWindow.Source.FALLBACK);
    assertThat(states.get("ana").window().bestHours()).hasSize(EngagementScoring.BEST_HOURS);

    user("ben", true);
    assertThat(scoring(null).run(Duration.ofSeconds(10)))
        .isEqualTo(new EngagementScoring.Report(1, 0, 1));
    assertThat(states.get("ben").window().modelVersion()).isNull();
  }
}
