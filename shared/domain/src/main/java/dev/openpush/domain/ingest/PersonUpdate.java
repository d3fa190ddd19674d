package dev.openpush.domain.ingest;

import dev.openpush.domain.event.Event;
import dev.openpush.domain.ports.ProfileCommit;
import dev.openpush.domain.ports.ProfileStore;
import dev.openpush.domain.profile.HistoryHorizons;
import dev.openpush.domain.profile.MergePointers;
import dev.openpush.domain.profile.Profile;
import dev.openpush.domain.profile.ProfileChange;
import dev.openpush.domain.profile.ProfileCodec;
import dev.openpush.domain.profile.ProfileUpdater;
import dev.openpush.domain.segment.MembershipChange;
import dev.openpush.domain.segment.SegmentCatalog;
import dev.openpush.domain.segment.Segmenter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Applies one person's events from a batch: resolves ids through merge pointers, merges anonymous
 * profiles into known ones, skips events already seen, re-evaluates the segments the events can
 * change, and commits everything as one unit.
 */
final class PersonUpdate {
  private final ProfileUpdater updater = ProfileUpdater.withDefaults();
  private final Segmenter segmenter = new Segmenter();

  /**
   * @param prunedForSize events pruned from history so that a profile fits in one item
   * @param refused events not applied because they would take the user's traits past their bound:
   *     dead letters, with {@link #TRAITS_TOO_LARGE} as the reason
   */
  record Result(
      int applied,
      int duplicates,
      int erased,
      int prunedForSize,
      boolean committed,
      List<MembershipChange> changes,
      List<IngestService.Located> refused) {}

  static final String TRAITS_TOO_LARGE =
      "traits would take this user past "
          + ProfileUpdater.MAX_TRAIT_BYTES / 1024
          + " KB of traits (as JSON); remove or shorten traits before adding more";

  Result run(
      ProfileStore store,
      String appId,
      List<IngestService.Located> events,
      SegmentCatalog catalog,
      Instant now,
      Map<String, Profile> preloaded,
      boolean fitForStorage) {
    Session session = new Session(store, appId, preloaded, catalog.horizons(), now);
    Map<Profile, ProfileChange> updated = new LinkedHashMap<>();
    Map<Profile, List<MembershipChange>> exits = new HashMap<>();
    int applied = 0;
    int duplicates = 0;
    int erased = 0;
    List<IngestService.Located> refused = new ArrayList<>();
    for (IngestService.Located located : events) {
      Event event = located.event();
      Profile target = session.resolve(event.primaryId());
      Profile source = event.linkedId().map(session::resolve).orElse(null);
      if (sentBeforeErasure(target, located) || sentBeforeErasure(source, located)) {
        // The user asked to be erased while this record was on the stream: it must not bring
        // any of their data back.
        erased++;
        continue;
      }
      for (Profile p : source == null ? List.of(target) : List.of(target, source)) {
        if (p.isErased()) {
          // Sent after the erasure: the id is in use again, as a new user.
          p.revive();
          updated.put(p, ProfileChange.everything());
          session.touch(p);
        }
      }
      if (source != null) {
        if (source != target) {
          // The merged id's older events live in its chunks, which go when it becomes a pointer.
          if (!source.archive().isEmpty()) {
            store.restoreHistory(source);
          }
          boolean sourceHeldData = !source.isEmpty() || source.version() > 0;
          updated
              .computeIfAbsent(target, k -> new ProfileChange())
              .include(updater.merge(target, source, now));
          exits
              .computeIfAbsent(source, k -> new ArrayList<>())
              .addAll(segmenter.exitAll(source, now));
          updated.remove(source);
          session.touch(source);
          if (!sourceHeldData) {
            exits.get(source).clear();
          }
        }
      }
      if (updater.isDuplicate(target, event, now)) {
        duplicates++;
        continue;
      }
      if (updater.traitsWouldOutgrow(target, event)) {
        refused.add(located);
        continue;
      }
      updated
          .computeIfAbsent(target, session::firstChange)
          .include(updater.apply(target, event, now));
      session.touch(target);
      applied++;
    }
    if (session.touched.isEmpty()) {
      return new Result(applied, duplicates, erased, 0, false, List.of(), refused);
    }
    int pruned = 0;
    if (fitForStorage) {
      // Before evaluation, so that memberships and wake-up describe what is stored.
      for (Profile profile : session.touched) {
        if (profile.isPerson()) {
          int dropped = updater.fitForStorage(profile, ProfileCodec.TARGET_STORED_BYTES);
          if (dropped > 0) {
            updated.put(profile, ProfileChange.everything());
            pruned += dropped;
          }
        }
      }
    }
    List<ProfileCommit.Write> writes = new ArrayList<>();
    List<MembershipChange> allChanges = new ArrayList<>();
    for (Profile profile : session.touched) {
      List<MembershipChange> changes = new ArrayList<>(exits.getOrDefault(profile, List.of()));
      if (profile.isPerson()) {
        changes.addAll(
            segmenter.afterUpdate(
                profile, updated.getOrDefault(profile, new ProfileChange()), catalog, now));
        updater.compact(profile, now);
        profile.archive().moveOut(profile.history(), catalog.horizons(), now);
      }
      writes.add(new ProfileCommit.Write(profile, changes));
      allChanges.addAll(changes);
    }
    store.commit(new ProfileCommit(appId, writes, session.userCountDelta()));
    return new Result(applied, duplicates, erased, pruned, true, allChanges, refused);
  }

  private static boolean sentBeforeErasure(Profile p, IngestService.Located located) {
    return p != null
        && p.isErased()
        && (located.arrivedAt() == null || !located.arrivedAt().isAfter(p.erasedAt()));
  }

  /** The profiles one unit of work reads and writes, keyed by id, with their state at read. */
  private static final class Session {
    private final ProfileStore store;
    private final String appId;
    private final Map<String, Profile> byId;
    private final Map<Profile, Boolean> countedAtRead = new HashMap<>();
    private final Set<Profile> touched = new LinkedHashSet<>();
    private final Set<Profile> created = new HashSet<>();

    private final HistoryHorizons horizons;
    private final Instant now;

    Session(
        ProfileStore store,
        String appId,
        Map<String, Profile> preloaded,
        HistoryHorizons horizons,
        Instant now) {
      this.store = store;
      this.appId = appId;
      this.byId = preloaded;
      this.horizons = horizons;
      this.now = now;
    }

    Profile resolve(String id) {
      return MergePointers.follow(get(id), this::get);
    }

    private Profile get(String id) {
      Profile profile = byId.get(id);
      if (profile == null) {
        profile = store.load(appId, List.of(id)).get(id);
        if (profile == null) {
          profile = new Profile(appId, id);
          created.add(profile);
        }
        byId.put(id, profile);
      }
      if (!countedAtRead.containsKey(profile)
          && profile.isPerson()
          && !profile.archive().covers(horizons, now)) {
        // A segment reads further back than the item holds (it is new, or its window grew).
        store.restoreHistory(profile);
      }
      final Profile read = profile;
      countedAtRead.computeIfAbsent(profile, p -> read.version() > 0 && read.isPerson());
      return profile;
    }

    /**
     * Where a person's changes start: nothing for a stored profile, everything for one seen for the
     * first time, which has never been evaluated (segments like "never bought" hold for it
     * already).
     */
    ProfileChange firstChange(Profile profile) {
      return created.contains(profile) ? ProfileChange.everything() : new ProfileChange();
    }

    void touch(Profile profile) {
      touched.add(profile);
    }

    int userCountDelta() {
      int delta = 0;
      for (Profile profile : touched) {
        boolean before = countedAtRead.get(profile);
        boolean after = profile.isPerson();
        delta += (after ? 1 : 0) - (before ? 1 : 0);
      }
      return delta;
    }
  }
}
