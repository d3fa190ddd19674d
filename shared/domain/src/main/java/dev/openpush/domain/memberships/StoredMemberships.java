package dev.openpush.domain.memberships;

import java.time.Instant;
import java.util.Map;

/**
 * One write of a profile as the store's change feed reports it: the segments the user was in before
 * and after (segment id to entry time), and when the write happened.
 */
public record StoredMemberships(
    String appId,
    String userId,
    Map<String, Instant> before,
    Map<String, Instant> after,
    Instant writtenAt) {}
