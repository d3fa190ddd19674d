package dev.openpush.domain.ports;

/** A user of an app, as the wake-up queue and the profile directory name one. */
public record UserRef(String appId, String userId) {}
