package dev.pacer.sync;

import static java.util.Objects.requireNonNull;

import dev.pacer.history.HistoryRow;
import dev.pacer.sync.ItemJobs.Plan;
import dev.pacer.sync.SyncService.SyncReport;
import java.util.List;
import java.util.Map;

/**
 * What a comparison of history rows with the schedule found to do ({@link Reconciler}).
 *
 * @param rows how many rows were compared
 * @param added items to schedule
 * @param rescheduled items whose interval or misfire policy changed
 * @param pausedOrResumed items whose pause state alone changed
 * @param removed scheduled items whose rows are gone or cannot be scheduled
 * @param unusable rows that cannot be scheduled, for their warnings
 * @param farAhead items added or rescheduled from a last run far in the future, for theirs
 * @param usable the rows that can be scheduled, by key ({@link ItemKeys#jobName})
 * @param everyRow whether every row of the table was compared
 */
record Reconciliation(
    int rows,
    List<Plan> added,
    List<Plan> rescheduled,
    List<Plan> pausedOrResumed,
    List<Removed> removed,
    List<HistoryRow> unusable,
    List<Plan> farAhead,
    Map<String, HistoryRow> usable,
    boolean everyRow) {

  Reconciliation {
    added = List.copyOf(added);
    rescheduled = List.copyOf(rescheduled);
    pausedOrResumed = List.copyOf(pausedOrResumed);
    removed = List.copyOf(removed);
    unusable = List.copyOf(unusable);
    farAhead = List.copyOf(farAhead);
    usable = Map.copyOf(usable);
  }

  /** A scheduled item to remove: its key, and its name if the leader has read its row. */
  record Removed(String key, String item) {
    Removed {
      requireNonNull(key);
    }

    /** How log lines name it. */
    String name() {
      return item != null ? item : key;
    }
  }

  /** Whether the schedule stays as it is. */
  boolean changesNothing() {
    return added.isEmpty()
        && rescheduled.isEmpty()
        && pausedOrResumed.isEmpty()
        && removed.isEmpty();
  }

  SyncReport report() {
    return new SyncReport(
        true, rows, added.size(), rescheduled.size(), removed.size(), unusable.size());
  }
}
