package dev.openpush.domain.ingest;

import dev.openpush.domain.segment.MembershipChange;
import java.util.List;

/**
 * What became of a batch.
 *
 * @param failedIds records to deliver again (the stream retries from the earliest)
 */
public record BatchOutcome(
    List<String> failedIds,
    int applied,
    int duplicates,
    int deadLettered,
    int profileCommits,
    List<MembershipChange> membershipChanges) {}
