package dev.openpush.domain.delivery;

import java.time.Instant;

/**
 * A message that went to a user: what frequency caps count and what makes a second copy a
 * duplicate.
 */
public record Send(String campaignId, String runId, Instant at) {}
