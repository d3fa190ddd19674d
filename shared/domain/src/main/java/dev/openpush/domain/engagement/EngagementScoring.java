package dev.openpush.domain.engagement;

import dev.openpush.domain.delivery.DeliveryState;
import dev.openpush.domain.delivery.SettingsRepository;
import dev.openpush.domain.ports.ConcurrentUpdateException;
import dev.openpush.domain.ports.DeliveryStates;
import dev.openpush.domain.ports.ProfileStore;
import dev.openpush.domain.profile.Profile;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The scheduled scoring (SPEC 5): takes the users whose engagement changed from the scoring queue,
 * reads their histories from their profiles, asks the model for their best hours in batches, and
 * stores each window in the user's delivery state. When no model is configured, or it fails or
 * times out, the built-in estimate answers instead ({@code source: "fallback"}): counted, and
 * logged once per run.
 */
public final class EngagementScoring {
  private static final Logger LOG = Logger.getLogger(EngagementScoring.class.getName());
  static final int BATCH = 100;

  /**
   * Hours kept per user: routines repeat daily, so a dozen of the week's best hours leave about one
   * or two a day, and a campaign with a deadline of a day usually finds one within it.
   */
  public static final int BEST_HOURS = 12;

  private static final int ATTEMPTS = 5;

  private final ScoringQueue queue;
  private final ProfileStore profiles;
  private final DeliveryStates states;
  private final SettingsRepository settings;
  private final WindowPredictor model;
  private final EngagementModel fallback = new EngagementModel(EngagementModel.BUILT_IN);
  private final Clock clock;

  /**
   * @param model null when no endpoint is configured: every window is the fallback
   */
  public EngagementScoring(
      ScoringQueue queue,
      ProfileStore profiles,
      DeliveryStates states,
      SettingsRepository settings,
      WindowPredictor model,
      Clock clock) {
    this.queue = queue;
    this.profiles = profiles;
    this.states = states;
    this.settings = settings;
    this.model = model;
    this.clock = clock;
  }

  /** What one run did. */
  public record Report(int scored, int byModel, int byFallback) {}

  public Report run(Duration budget) {
    Instant deadline = clock.instant().plus(budget);
    int scored = 0;
    int byModel = 0;
    int byFallback = 0;
    String fallbackReason = null;
    for (int shard = 0; shard < ScoringQueue.SHARDS; shard++) {
      while (clock.instant().isBefore(deadline)) {
        List<ScoringQueue.Entry> entries = queue.take(shard, BATCH);
        if (entries.isEmpty()) {
          break;
        }
        Batch batch = score(entries);
        scored += batch.scored();
        byModel += batch.byModel();
        byFallback += batch.scored() - batch.byModel();
        fallbackReason = batch.fallbackReason() != null ? batch.fallbackReason() : fallbackReason;
        queue.done(entries);
      }
    }
    if (fallbackReason != null) {
      LOG.log(
          Level.WARNING,
          "engagement windows: {0} of {1} from the built-in estimate ({2})",
          new Object[] {byFallback, scored, fallbackReason});
    }
    return new Report(scored, byModel, byFallback);
  }

  private record Batch(int scored, int byModel, String fallbackReason) {}

  private Batch score(List<ScoringQueue.Entry> entries) {
    Map<String, List<String>> byApp = new LinkedHashMap<>();
    entries.forEach(e -> byApp.computeIfAbsent(e.appId(), k -> new ArrayList<>()).add(e.userId()));
    Instant now = clock.instant();
    int scored = 0;
    int byModel = 0;
    String reason = null;
    for (Map.Entry<String, List<String>> app : byApp.entrySet()) {
      var zone = settings.of(app.getKey()).defaultTimezone();
      List<EngagementHistory> histories = new ArrayList<>();
      for (Profile profile : profiles.load(app.getKey(), app.getValue()).values()) {
        // An erased id's tombstone or a merged id's pointer has nothing to score, and a window
        // stored for it would bring back data the user had erased.
        if (profile.isPerson()) {
          histories.add(EngagementHistories.of(profile, zone));
        }
      }
      Map<String, EngagementWindow> windows = new HashMap<>();
      try {
        if (model == null) {
          throw new IllegalStateException("no model endpoint is configured");
        }
        Map<String, EngagementHistory> byUser = new HashMap<>();
        histories.forEach(h -> byUser.put(h.userId(), h));
        for (WindowPredictor.Prediction p : model.predict(histories, now)) {
          EngagementHistory h = byUser.get(p.userId());
          if (h != null && !p.bestHours().isEmpty()) {
            windows.put(
                p.userId(),
                new EngagementWindow(
                    h.zone(), p.bestHours(), EngagementWindow.Source.MODEL, p.modelVersion(), now));
          }
        }
      } catch (RuntimeException unavailable) {
        reason = String.valueOf(unavailable.getMessage());
        windows.clear();
      }
      for (EngagementHistory history : histories) {
        EngagementWindow window = windows.get(history.userId());
        if (window == null) {
          window =
              new EngagementWindow(
                  history.zone(),
                  fallback.best(history, now, BEST_HOURS),
                  EngagementWindow.Source.FALLBACK,
                  null,
                  now);
        } else {
          byModel++;
        }
        store(app.getKey(), history.userId(), window);
        scored++;
      }
    }
    return new Batch(scored, byModel, reason);
  }

  /**
   * Stores the window beside the user's devices; a user with none (never registered, or erased
   * meanwhile) gets nothing stored: there is nowhere to send, and nothing is brought back.
   */
  private void store(String appId, String userId, EngagementWindow window) {
    for (int attempt = 1; ; attempt++) {
      DeliveryState state = states.find(appId, userId).orElse(null);
      if (state == null) {
        return;
      }
      try {
        states.save(state.withWindow(window));
        return;
      } catch (ConcurrentUpdateException e) {
        if (attempt == ATTEMPTS) {
          throw e;
        }
      }
    }
  }
}
