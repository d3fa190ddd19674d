package dev.openpush.domain.profile;

import java.util.function.Function;

/**
 * An id merged into another user is stored as a pointer to it; reading an id follows pointers to
 * the profile that holds the person. Merges of merged users make chains, bounded here so that a
 * corrupt cycle ends in an error rather than a loop.
 */
public final class MergePointers {
  /** The longest chain followed: far more merges of merged users than any app makes. */
  public static final int MAX_HOPS = 8;

  private MergePointers() {}

  /**
   * The profile at the end of {@code start}'s pointers, or null when a step is missing.
   *
   * @param load reads one id's stored profile, or null
   * @throws IllegalStateException when the chain is longer than {@link #MAX_HOPS}
   */
  public static Profile follow(Profile start, Function<String, Profile> load) {
    Profile profile = start;
    for (int hops = 0; profile != null && profile.isPointer(); hops++) {
      if (hops >= MAX_HOPS) {
        throw new IllegalStateException("merge pointers form a chain longer than " + MAX_HOPS);
      }
      profile = load.apply(profile.mergedInto());
    }
    return profile;
  }
}
