package dev.pacer.overview;

import java.time.Duration;
import java.time.Instant;

/** One row of the run log, {@code pacer_run}. */
public record RunView(
    long id,
    String item,
    Instant scheduledAt,
    Instant startedAt,
    Instant finishedAt,
    String node,
    int attempt,
    String outcome,
    Double result,
    String error) {

  public boolean failed() {
    return !"success".equals(outcome);
  }

  public Duration duration() {
    return Duration.between(startedAt, finishedAt);
  }
}
