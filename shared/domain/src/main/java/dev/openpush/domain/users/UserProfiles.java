package dev.openpush.domain.users;

import dev.openpush.domain.condition.Explanation;
import dev.openpush.domain.ports.ConcurrentUpdateException;
import dev.openpush.domain.ports.DeadLetterErasure;
import dev.openpush.domain.ports.MemberIndex;
import dev.openpush.domain.ports.OnConflict;
import dev.openpush.domain.ports.ProfileCommit;
import dev.openpush.domain.ports.ProfileStore;
import dev.openpush.domain.ports.SegmentRepository;
import dev.openpush.domain.profile.MergePointers;
import dev.openpush.domain.profile.Profile;
import dev.openpush.domain.segment.MembershipChange;
import dev.openpush.domain.segment.Segment;
import dev.openpush.domain.segment.SegmentCatalog;
import dev.openpush.domain.segment.Segmenter;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * What the API does with one user: read the profile an id stands for, explain a membership, and
 * erase everything held on the user (GDPR/CCPA).
 */
public final class UserProfiles {
  /**
   * How long an erased id is remembered: the stream's longest retention (7 days) and a day more, so
   * that no record sent before the erasure can still arrive and bring the user back.
   */
  public static final Duration TOMBSTONE_KEPT = Duration.ofDays(8);

  /** Ids erased per commit: well inside DynamoDB's 100 actions per transaction. */
  static final int IDS_PER_COMMIT = 40;

  private static final int ATTEMPTS = 3;

  private final ProfileStore profiles;
  private final MemberIndex members;
  private final SegmentRepository segments;
  private final DeadLetterErasure deadLetters;
  private final Clock clock;
  private final Segmenter segmenter = new Segmenter();

  /**
   * What an erasure removed.
   *
   * @param ids the user's id and every id merged into it, each now a tombstone
   * @param deadLetters dead letters of those ids that were deleted
   */
  public record Erasure(Set<String> ids, int deadLetters) {}

  /**
   * @param members where erasure deletes the user's member items itself, so that its answer does
   *     not wait for the projection of the profile table's stream ({@link
   *     dev.openpush.domain.memberships.MembershipProjection}), which deletes them again
   */
  public UserProfiles(
      ProfileStore profiles,
      MemberIndex members,
      SegmentRepository segments,
      DeadLetterErasure deadLetters,
      Clock clock) {
    this.profiles = profiles;
    this.members = members;
    this.segments = segments;
    this.deadLetters = deadLetters;
    this.clock = clock;
  }

  /**
   * The person an id stands for (following merges), or empty for an unknown or erased id, as the
   * profile item holds it: traits, context, memberships and the history the segments read (the
   * computed values' 90 days of orders among it), not the older events in chunks.
   */
  public Optional<Profile> find(String appId, String userId) {
    Profile p = MergePointers.follow(load(appId, userId), id -> load(appId, id));
    return p == null || !p.isPerson() ? Optional.empty() : Optional.of(p);
  }

  /** The same with the whole history, chunks included: for export and explain. */
  public Optional<Profile> findWithHistory(String appId, String userId) {
    return OnConflict.retry(
        ATTEMPTS,
        () -> {
          Optional<Profile> found = find(appId, userId);
          found.ifPresent(profiles::restoreHistory);
          return found;
        },
        () -> {});
  }

  /** Why the user is in the segment or not, as of now. */
  public Explanation explain(Profile user, Segment segment) {
    SegmentCatalog catalog = new SegmentCatalog(segments.all(user.appId()));
    return Explanation.of(segment.condition(), user, clock.instant(), catalog);
  }

  /**
   * Erases everything held on the user an id stands for: the profile, every id merged into it,
   * their memberships and their dead letters. Each id is left as a tombstone for {@link
   * #TOMBSTONE_KEPT}, so records still on the stream are dropped rather than applied. Ids are
   * erased in chunks (a user may have any number of merged ids) and the person last, so an erasure
   * that fails half-way is found and finished by the next call.
   *
   * @return what was erased; empty ids when the id names no one
   * @throws RuntimeException when anything could not be erased; nothing then says it was done
   */
  public Erasure erase(String appId, String userId) {
    Instant now = clock.instant();
    Instant keepUntil = now.plus(TOMBSTONE_KEPT);
    Set<String> erased = new LinkedHashSet<>();
    Profile start = load(appId, userId);
    if (start == null) {
      return new Erasure(erased, 0);
    }
    if (start.isErased()) {
      // Erased already; a call that failed after the tombstone may have left chunks behind.
      profiles.purgeHistory(appId, List.of(userId));
      return new Erasure(erased, 0);
    }
    Profile first = MergePointers.follow(start, id -> load(appId, id));
    // Erasing through a merged id erases the person it was merged into: go on by that id.
    String personId = first == null ? null : first.userId();
    Set<String> ids = new LinkedHashSet<>();
    if (!start.userId().equals(personId)) {
      ids.add(start.userId());
    }
    int conflicts = 0;
    while (true) {
      Profile person = personId == null ? null : load(appId, personId);
      if (person != null && person.isPerson()) {
        ids.addAll(person.mergedIds());
      }
      List<String> pending = ids.stream().filter(id -> !erased.contains(id)).toList();
      if (!pending.isEmpty()) {
        eraseIds(appId, pending, now, keepUntil);
        erased.addAll(pending);
        continue;
      }
      if (person == null || !person.isPerson()) {
        break;
      }
      try {
        tombstone(appId, List.of(person), now, keepUntil);
        erased.add(person.userId());
        break;
      } catch (ConcurrentUpdateException e) {
        // The user changed meanwhile (a new merged id, perhaps): read again and go on.
        if (++conflicts >= ATTEMPTS) {
          throw e;
        }
      }
    }
    // Chunks the profiles listed went with their commits; this takes any a lost race left.
    profiles.purgeHistory(appId, erased);
    int letters = erased.isEmpty() ? 0 : deadLetters.forget(erased);
    return new Erasure(erased, letters);
  }

  private void eraseIds(String appId, List<String> ids, Instant now, Instant keepUntil) {
    for (int from = 0; from < ids.size(); from += IDS_PER_COMMIT) {
      List<String> chunk = ids.subList(from, Math.min(ids.size(), from + IDS_PER_COMMIT));
      OnConflict.retry(
          ATTEMPTS,
          () -> {
            List<Profile> stored = new ArrayList<>();
            for (Profile p : profiles.load(appId, chunk).values()) {
              if (!p.isErased()) {
                stored.add(p);
              }
            }
            if (!stored.isEmpty()) {
              tombstone(appId, stored, now, keepUntil);
            }
            return null;
          },
          () -> {});
    }
  }

  /** Exits every membership of these profiles and leaves each as a tombstone, in one commit. */
  private void tombstone(String appId, List<Profile> stored, Instant now, Instant keepUntil) {
    List<ProfileCommit.Write> writes = new ArrayList<>();
    int people = 0;
    for (Profile p : stored) {
      people += p.isPerson() ? 1 : 0;
      List<MembershipChange> exits = segmenter.exitAll(p, now);
      p.eraseAt(now, keepUntil);
      writes.add(new ProfileCommit.Write(p, exits));
    }
    profiles.commit(new ProfileCommit(appId, writes, -people));
    members.apply(appId, writes.stream().flatMap(w -> w.changes().stream()).toList());
  }

  private Profile load(String appId, String userId) {
    return profiles.load(appId, List.of(userId)).get(userId);
  }
}
