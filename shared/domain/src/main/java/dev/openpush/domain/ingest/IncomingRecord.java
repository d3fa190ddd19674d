package dev.openpush.domain.ingest;

import java.time.Instant;

/**
 * One record as a stream delivers it.
 *
 * @param id what identifies the record to the stream for a retry (the Kinesis sequence number)
 */
public record IncomingRecord(String id, String partitionKey, Instant arrivedAt, byte[] data) {}
