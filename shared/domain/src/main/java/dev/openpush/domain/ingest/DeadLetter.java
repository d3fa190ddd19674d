package dev.openpush.domain.ingest;

/** A record that can never be processed, kept whole with the reason. */
public record DeadLetter(IncomingRecord record, String reason) {}
