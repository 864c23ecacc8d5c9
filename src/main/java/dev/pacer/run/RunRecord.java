package dev.pacer.run;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.time.Instant;

/** One run attempt of one item, as the run log keeps it. */
public record RunRecord(
    String item,
    Instant scheduledAt,
    Instant startedAt,
    Instant finishedAt,
    String node,
    int attempt,
    Outcome outcome,
    Double result,
    String error) {

  public RunRecord {
    requireNonNull(item);
    requireNonNull(scheduledAt);
    requireNonNull(startedAt);
    requireNonNull(finishedAt);
    requireNonNull(node);
    requireNonNull(outcome);
  }

  public Duration duration() {
    return Duration.between(startedAt, finishedAt);
  }

  public Duration lateness() {
    return Duration.between(scheduledAt, startedAt);
  }

  /** How a run ended, as written to {@code pacer_run.outcome}. */
  public enum Outcome {
    SUCCESS("success"),
    /** Failed; another attempt at the same slot follows. */
    RETRY("retry"),
    /** Failed, finally: history.result is set to NULL. */
    FAILURE("failure"),
    /**
     * Given up: its node lost its lease while it ran (the node fenced itself or died), and another
     * node took the item over; recorded by that node. Neither history nor the item's last run.
     */
    ABANDONED("abandoned");

    private final String column;

    Outcome(String column) {
      this.column = column;
    }

    public String column() {
      return column;
    }

    /** The outcome a {@code pacer_run.outcome} value names. */
    public static Outcome of(String column) {
      for (Outcome outcome : values()) {
        if (outcome.column.equals(column)) {
          return outcome;
        }
      }
      throw new IllegalArgumentException("no outcome '" + column + "'");
    }
  }
}
