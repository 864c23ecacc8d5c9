package dev.pacer.dashboard;

import dev.pacer.dashboard.ItemSnapshot.Entry;
import dev.pacer.overview.ItemView;
import dev.pacer.overview.LastRun;
import java.time.Instant;

/**
 * An item as the dashboard's JSON shows it.
 *
 * @param overdue its next run is more than {@link ItemSnapshot#OVERDUE_AFTER} in the past
 * @param lastError the error of its latest run while it is failing
 * @param lastRun its latest run attempt, null before the first
 */
record ItemJson(
    String item,
    String state,
    int interval,
    Instant lastExecution,
    Double result,
    Instant nextRun,
    boolean overdue,
    int failures,
    String lastNode,
    String lastError,
    LastRunJson lastRun) {

  static ItemJson of(Entry entry, LastRun last) {
    ItemView view = entry.view();
    return new ItemJson(
        view.item(),
        view.state(),
        view.interval(),
        view.lastExecution(),
        view.result(),
        view.nextRun(),
        entry.overdue(),
        view.failures(),
        view.lastNode(),
        view.lastError(),
        last == null ? null : LastRunJson.of(last));
  }

  /**
   * @param latenessMs {@code started_at - scheduled_at}
   */
  record LastRunJson(
      Instant scheduledAt,
      Instant startedAt,
      Instant finishedAt,
      long latenessMs,
      int attempt,
      String outcome) {
    static LastRunJson of(LastRun run) {
      return new LastRunJson(
          run.scheduledAt(),
          run.startedAt(),
          run.finishedAt(),
          run.lateness().toMillis(),
          run.attempt(),
          run.outcome());
    }
  }
}
