package dev.openpush.domain.ingest;

import dev.openpush.domain.segment.MembershipChange;
import java.util.List;

/**
 * What became of a batch.
 *
 * @param failedIds records to deliver again (the stream retries from the earliest)
 * @param erasedEvents events of erased users that were on the stream when the erasure was asked
 *     for, dropped as the erasure requires
 * @param prunedForSize events pruned from histories so that profiles fit in one item
 */
public record BatchOutcome(
    List<String> failedIds,
    int applied,
    int duplicates,
    int deadLettered,
    int profileCommits,
    int erasedEvents,
    int prunedForSize,
    List<MembershipChange> membershipChanges) {}
