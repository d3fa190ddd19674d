package dev.openpush.domain.profile;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;

/** A behavioural event as the history keeps it: what the segment language can ask about. */
public record StoredEvent(String name, Instant at, ObjectNode properties) {}
