package dev.openpush.domain.campaign;

/**
 * Where a user of a campaign falls: a variant, or the holdout that gets nothing and measures what
 * the campaign changed.
 */
public sealed interface Arm {
  record Holdout() implements Arm {}

  record Of(Variant variant) implements Arm {}
}
