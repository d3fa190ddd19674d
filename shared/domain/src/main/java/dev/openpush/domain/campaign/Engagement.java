package dev.openpush.domain.campaign;

/**
 * What a user of a run did after it: received the push, opened it (the apps' {@code Push
 * Notification Received} and {@code Push Notification Tapped} events) or converted (the campaign's
 * conversion event within its window). Counted once per user, run and kind.
 */
public enum Engagement {
  RECEIVED,
  OPENED,
  CONVERTED,
  /** Opened by a user of the send-time holdout (sent at the plain time): counted beside OPENED. */
  OPENED_AT_PLAIN_TIME
}
