package dev.openpush.domain.segment;

import com.fasterxml.jackson.databind.JsonNode;
import dev.openpush.domain.condition.Condition;
import dev.openpush.domain.condition.Evaluator;
import dev.openpush.domain.condition.InvalidDefinitionException;
import dev.openpush.domain.ports.ConcurrentUpdateException;
import dev.openpush.domain.ports.ProfileDirectory;
import dev.openpush.domain.ports.ProfileStore;
import dev.openpush.domain.ports.SegmentRepository;
import dev.openpush.domain.profile.Profile;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * What marketers do with segments: define, change and delete them (with the rules that keep
 * references whole), and preview a condition over a sample of users without storing anything.
 */
public final class SegmentDefinitions {
  private static final Logger LOG = Logger.getLogger(SegmentDefinitions.class.getName());

  /** Users a preview evaluates: the first of the app's users by id. */
  public static final int PREVIEW_SAMPLE = 1_000;

  /** Matching users a preview names. */
  public static final int PREVIEW_SHOWN = 20;

  private static final int LOAD_CHUNK = 100;
  private static final SecureRandom RANDOM = new SecureRandom();

  /** A definition as submitted: an id (null to have one made), a name, a description and JSON. */
  public record Draft(String id, String name, String description, JsonNode condition) {}

  /** What a preview found: an estimate scaled from the sample, and some matching users. */
  public record Preview(long estimatedCount, List<String> sampleUserIds) {}

  /** The id is taken; {@code beingDeleted} when by a segment whose members are still removed. */
  public static final class SegmentExistsException extends RuntimeException {
    private final boolean beingDeleted;

    SegmentExistsException(String id, boolean beingDeleted) {
      super(
          beingDeleted
              ? "segment \""
                  + id
                  + "\" was deleted and its members are still being removed; the id can be used"
                  + " again once that is done, usually within a minute"
              : "a segment with id \"" + id + "\" exists");
      this.beingDeleted = beingDeleted;
    }

    public boolean beingDeleted() {
      return beingDeleted;
    }
  }

  /** Other segments refer to the one being deleted. */
  public static final class SegmentInUseException extends RuntimeException {
    SegmentInUseException(Set<String> referrers) {
      super("segment is referred to by " + String.join(", ", referrers));
    }
  }

  /** A condition larger than {@link Segment#MAX_DEFINITION_BYTES}. */
  public static final class DefinitionTooLargeException extends RuntimeException {
    DefinitionTooLargeException() {
      super(
          "condition: larger than "
              + Segment.MAX_DEFINITION_BYTES
              + " bytes of JSON; split it into segments that refer to each other");
    }
  }

  private final SegmentRepository segments;
  private final ProfileDirectory directory;
  private final ProfileStore profiles;
  private final Clock clock;

  public SegmentDefinitions(
      SegmentRepository segments, ProfileDirectory directory, ProfileStore profiles, Clock clock) {
    this.segments = segments;
    this.directory = directory;
    this.profiles = profiles;
    this.clock = clock;
  }

  /** A segment that exists and is not being deleted. */
  public Optional<Segment> find(String appId, String id) {
    return segments.find(appId, id).filter(s -> s.status() != SegmentStatus.DELETING);
  }

  /**
   * Stores a new segment, {@code building} until the sweep has computed it.
   *
   * @throws SegmentExistsException when the id is taken
   */
  public Segment define(String appId, Draft draft) {
    String id = draft.id() != null ? draft.id() : newId();
    Instant now = clock.instant();
    Segment segment = validated(appId, id, draft, 1, now, now);
    try {
      segments.create(segment);
    } catch (ConcurrentUpdateException e) {
      boolean beingDeleted =
          segments.find(appId, id).map(s -> s.status() == SegmentStatus.DELETING).orElse(false);
      throw new SegmentExistsException(id, beingDeleted);
    }
    return segment;
  }

  /**
   * Changes a segment's definition; it is built again.
   *
   * @throws ConcurrentUpdateException when it changed since {@code current} was read
   */
  public Segment change(Segment current, Draft draft) {
    Segment next =
        validated(
            current.appId(),
            current.id(),
            draft,
            current.version() + 1,
            current.createdAt(),
            clock.instant());
    segments.replace(next, current.version());
    return next;
  }

  /**
   * Marks a segment for deletion; the sweep removes its members, then the definition.
   *
   * @throws SegmentInUseException when another segment refers to it
   * @throws ConcurrentUpdateException when it changed since {@code current} was read
   */
  public void delete(Segment current) {
    Set<String> referrers =
        SegmentReferences.referrersOf(current.id(), segments.all(current.appId()));
    if (!referrers.isEmpty()) {
      throw new SegmentInUseException(referrers);
    }
    segments.replace(
        current.withStatus(SegmentStatus.DELETING, clock.instant()), current.version());
  }

  /**
   * Evaluates a condition over a sample of the app's users (the first {@value #PREVIEW_SAMPLE} by
   * id) and scales the matches to the app's user count; exact when the sample is everyone. A user
   * whose stored data cannot be evaluated is left out of the sample, not allowed to fail it.
   */
  public Preview preview(String appId, JsonNode definition) {
    checkSize(definition);
    Condition condition = Segment.parse(definition);
    List<Segment> all = segments.all(appId);
    Instant now = clock.instant();
    SegmentReferences.check(
        new Segment(
            appId,
            "#preview",
            "preview",
            null,
            definition,
            condition,
            SegmentStatus.LIVE,
            1,
            now,
            now),
        all);
    SegmentCatalog catalog = new SegmentCatalog(all);
    ProfileDirectory.Page page = directory.users(appId, null, PREVIEW_SAMPLE);
    List<String> matched = new ArrayList<>();
    int sampled = 0;
    for (int from = 0; from < page.userIds().size(); from += LOAD_CHUNK) {
      List<String> chunk =
          page.userIds().subList(from, Math.min(page.userIds().size(), from + LOAD_CHUNK));
      for (Profile profile : profiles.load(appId, chunk).values()) {
        if (!profile.isPerson()) {
          continue;
        }
        try {
          if (Evaluator.test(condition, profile, now, catalog)) {
            matched.add(profile.userId());
          }
          sampled++;
        } catch (RuntimeException e) {
          LOG.log(
              Level.WARNING,
              "preview left out a user whose data could not be evaluated: {0}",
              e.toString());
        }
      }
    }
    long estimate = matched.size();
    if (page.nextCursor() != null && sampled > 0) {
      estimate = Math.round((double) matched.size() / sampled * directory.userCount(appId));
    }
    return new Preview(estimate, matched.stream().sorted().limit(PREVIEW_SHOWN).toList());
  }

  private Segment validated(
      String appId, String id, Draft draft, long version, Instant createdAt, Instant updatedAt) {
    if (draft.name() == null || draft.name().isBlank() || draft.name().length() > 256) {
      throw new InvalidDefinitionException(
          "name", "must be a non-empty string of at most 256 characters");
    }
    if (draft.description() != null && draft.description().length() > 2048) {
      throw new InvalidDefinitionException("description", "must be at most 2048 characters");
    }
    checkSize(draft.condition());
    if (draft.condition() == null || draft.condition().isNull()) {
      throw new InvalidDefinitionException("condition", "is required");
    }
    Segment segment =
        new Segment(
            appId,
            id,
            draft.name(),
            draft.description(),
            draft.condition(),
            Segment.parse(draft.condition()),
            SegmentStatus.BUILDING,
            version,
            createdAt,
            updatedAt);
    SegmentReferences.check(segment, segments.all(appId));
    return segment;
  }

  private static void checkSize(JsonNode definition) {
    if (definition != null
        && definition.toString().getBytes(StandardCharsets.UTF_8).length
            > Segment.MAX_DEFINITION_BYTES) {
      throw new DefinitionTooLargeException();
    }
  }

  private static String newId() {
    String alphabet = "abcdefghijklmnopqrstuvwxyz0123456789";
    StringBuilder id = new StringBuilder("seg-");
    for (int i = 0; i < 12; i++) {
      id.append(alphabet.charAt(RANDOM.nextInt(alphabet.length())));
    }
    return id.toString();
  }
}
