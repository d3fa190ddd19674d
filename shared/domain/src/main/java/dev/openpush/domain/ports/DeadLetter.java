package dev.openpush.domain.ports;

import dev.openpush.domain.ingest.IncomingRecord;

/** A record that can never be processed, kept whole with the reason. */
public record DeadLetter(IncomingRecord record, String reason) {}
