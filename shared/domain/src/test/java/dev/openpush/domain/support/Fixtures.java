package dev.openpush.domain.support;

import com.fasterxml.jackson.databind.JsonNode;
import dev.openpush.domain.condition.Condition;
import dev.openpush.domain.event.Event;
import dev.openpush.domain.event.EventParser;
import dev.openpush.domain.event.MalformedEventException;
import dev.openpush.domain.json.Json;
import dev.openpush.domain.profile.Profile;
import dev.openpush.domain.profile.ProfileUpdater;
import dev.openpush.domain.segment.Segment;
import dev.openpush.domain.segment.SegmentStatus;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicInteger;

/** Small builders for tests: JSON in the contract's own words, turned into domain objects. */
public final class Fixtures {
  public static final Instant NOW = Instant.parse("2026-11-20T12:00:00Z");
  private static final AtomicInteger IDS = new AtomicInteger();

  private Fixtures() {}

  public static JsonNode json(String text) {
    try {
      return Json.mapper().readTree(text.replace('\'', '"'));
    } catch (Exception e) {
      throw new IllegalArgumentException(text, e);
    }
  }

  public static Condition condition(String text) {
    return Segment.parse(json(text));
  }

  public static Segment segment(String id, String conditionText) {
    JsonNode definition = json(conditionText);
    return new Segment(
        "shop",
        id,
        id,
        null,
        definition,
        Segment.parse(definition),
        SegmentStatus.LIVE,
        1,
        NOW,
        NOW);
  }

  /** Receives events as if years after {@link #NOW}, so that tests may date events freely. */
  private static final EventParser PARSER =
      new EventParser(Clock.fixed(NOW.plus(Duration.ofDays(3650)), ZoneOffset.UTC));

  public static Event event(String text) {
    try {
      return PARSER.parse(json(text), null);
    } catch (MalformedEventException e) {
      throw new IllegalArgumentException(e);
    }
  }

  public static Event track(String user, String name, Instant at, String propertiesJson) {
    return event(
        "{'type':'track','event':'"
            + name
            + "','messageId':'m"
            + IDS.incrementAndGet()
            + "','userId':'"
            + user
            + "','appId':'shop','timestamp':'"
            + at
            + "','properties':"
            + propertiesJson
            + "}");
  }

  public static Event identify(String user, Instant at, String traitsJson) {
    return event(
        "{'type':'identify','messageId':'m"
            + IDS.incrementAndGet()
            + "','userId':'"
            + user
            + "','appId':'shop','timestamp':'"
            + at
            + "','traits':"
            + traitsJson
            + "}");
  }

  public static Profile profileWith(Event... events) {
    ProfileUpdater updater = ProfileUpdater.withDefaults();
    Profile profile = new Profile("shop", events[0].primaryId());
    for (Event e : events) {
      updater.apply(profile, e, NOW);
    }
    return profile;
  }
}
