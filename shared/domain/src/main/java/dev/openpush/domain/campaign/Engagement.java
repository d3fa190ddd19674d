package dev.openpush.domain.campaign;

/**
 * What a user of a run did after it: received the push, opened it (the apps' {@code Push
 * Notification Received} and {@code Push Notification Tapped} events) or converted (the campaign's
 * conversion event within its window). Counted once per user, run and kind.
 */
public enum Engagement {
  RECEIVED,
  OPENED,
  CONVERTED
}
