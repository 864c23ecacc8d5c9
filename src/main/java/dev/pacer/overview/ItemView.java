package dev.pacer.overview;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.time.Instant;

/**
 * An item as operators see it: its history row, its trigger and its latest run.
 *
 * @param lastExecution {@code history.last_execution_time}
 * @param result {@code history.result}: the last run's value, null after a failed run
 * @param nextRun when its trigger fires next; null if it has none or is paused
 * @param state {@code waiting}, {@code running}, {@code paused}, {@code error}, {@code unscheduled}
 *     (no trigger yet) or {@code invalid} (a row the sync skips: say, an interval not positive)
 * @param failures how many of its latest runs failed in a row
 * @param lastNode the node of its latest run, null before the first
 */
public record ItemView(
    String item,
    int interval,
    Instant lastExecution,
    Double result,
    Instant nextRun,
    String state,
    int failures,
    String lastNode,
    String lastError) {

  public ItemView {
    requireNonNull(item);
    requireNonNull(state);
  }

  /** When the history row says it runs next: {@code last_execution_time + interval}. */
  public Instant dueAt() {
    return lastExecution == null || interval <= 0
        ? null
        : lastExecution.plus(Duration.ofSeconds(interval));
  }

  /**
   * Its run is late: its next run is more than {@code tolerance} past, and it is neither running
   * nor paused. (One whose run is being fired right now, or runs, is on time.)
   */
  public boolean isLate(Instant now, Duration tolerance) {
    return isActive()
        && !state.equals("running")
        && nextRun != null
        && nextRun.plus(tolerance).isBefore(now);
  }

  /**
   * It missed a whole slot: its last run is more than two intervals (plus {@code tolerance}, for
   * the run that is writing its result right now) old.
   */
  public boolean isOverdue(Instant now, Duration tolerance) {
    return isActive()
        && dueAt() != null
        && dueAt().plus(Duration.ofSeconds(interval)).plus(tolerance).isBefore(now);
  }

  private boolean isActive() {
    return !state.equals("paused") && !state.equals("invalid");
  }
}
