package dev.openpush.domain.campaign;

import com.cronutils.model.CronType;
import com.cronutils.model.definition.CronDefinitionBuilder;
import com.cronutils.model.time.ExecutionTime;
import com.cronutils.parser.CronParser;
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

  /**
   * Every time a five-field cron expression (Unix: minute, hour, day of month, month, day of week)
   * fires on the wall clock of {@code zone}. A local time that a DST change skips (02:30 on the
   * spring-forward night in Paris) is skipped that day, as cron-utils reads it.
   *
   * @throws IllegalArgumentException if {@code cron} is not such an expression, or never fires
   */
  record Recurring(String cron, ZoneId zone) implements Schedule {
    private static final CronParser UNIX =
        new CronParser(CronDefinitionBuilder.instanceDefinitionFor(CronType.UNIX));

    public Recurring {
      // Refuses what cannot be read, and what never fires (the 31st of February).
      if (ExecutionTime.forCron(UNIX.parse(cron).validate())
          .nextExecution(Instant.EPOCH.atZone(zone))
          .isEmpty()) {
        throw new IllegalArgumentException("\"" + cron + "\" never fires");
      }
    }

    /** The first time it fires strictly after {@code after}. */
    public Instant nextAfter(Instant after) {
      return ExecutionTime.forCron(UNIX.parse(cron))
          .nextExecution(after.atZone(zone))
          .map(java.time.ZonedDateTime::toInstant)
          .orElseThrow(() -> new IllegalArgumentException("\"" + cron + "\" never fires"));
    }
  }

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
