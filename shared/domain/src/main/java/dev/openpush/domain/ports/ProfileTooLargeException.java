package dev.openpush.domain.ports;

/**
 * A profile whose stored form would exceed what the store takes in one item; nothing was written.
 * The unit of work is redone with the profile's oldest history pruned to fit.
 */
public final class ProfileTooLargeException extends RuntimeException {
  public ProfileTooLargeException(String appId, int bytes, int limit) {
    super(
        "a profile of app "
            + appId
            + " would be stored in "
            + bytes
            + " bytes, over the "
            + limit
            + " a profile may take");
  }
}
