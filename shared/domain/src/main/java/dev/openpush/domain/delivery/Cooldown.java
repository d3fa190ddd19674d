package dev.openpush.domain.delivery;

import java.time.Duration;

/**
 * No message for {@code duration} after the user sent {@code afterEvent} (a purchase, a support
 * call).
 */
public record Cooldown(String afterEvent, Duration duration) {}
