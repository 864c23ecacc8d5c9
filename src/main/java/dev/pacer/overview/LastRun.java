package dev.pacer.overview;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.time.Instant;

/**
 * An item's latest run attempt as {@code pacer_last_run} keeps it.
 *
 * @param failures how many runs failed in a row up to this one (0 after a success)
 */
public record LastRun(
    String item,
    Instant scheduledAt,
    Instant startedAt,
    Instant finishedAt,
    String node,
    int attempt,
    String outcome,
    Double result,
    String error,
    int failures) {

  public LastRun {
    requireNonNull(item);
    requireNonNull(scheduledAt);
    requireNonNull(startedAt);
    requireNonNull(outcome);
  }

  /** How late it started: {@code started_at - scheduled_at}. */
  public Duration lateness() {
    return Duration.between(scheduledAt, startedAt);
  }
}
