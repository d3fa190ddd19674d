package dev.openpush.domain.campaign;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;

/** When a campaign sends (SPEC 3 {@code schedule}). */
public sealed interface Schedule {
  /** Now, at launch. */
  record Immediate() implements Schedule {}

  /**
   * At one instant ({@code at}), or at one wall-clock time in each user's time zone ({@code
   * localTime}, then {@code at} is null).
   */
  record At(Instant at, LocalDateTime localTime) implements Schedule {}

  /** Every time a five-field cron expression fires in {@code zone}. */
  record Recurring(String cron, ZoneId zone) implements Schedule {}

  /**
   * When a user enters a segment or sends an event, after {@code delay}; a user whose {@code
   * exitOnEvent} arrives during the delay gets nothing.
   *
   * @param segmentEntry null when triggered by an event
   * @param event null when triggered by a segment entry
   */
  record Triggered(String segmentEntry, String event, Duration delay, String exitOnEvent)
      implements Schedule {}
}
