package dev.pacer.sync;

import dev.pacer.history.HistoryRow;
import dev.pacer.history.ItemNames;
import dev.pacer.sync.ItemJobs.Plan;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The sync's warnings about history rows: one for each row it cannot schedule, again only once the
 * row changes (and stays unusable), and one for an item scheduled from a last run far in the
 * future. Logged under the sync's own logger, where operators look for what the sync did.
 */
final class RowWarnings {
  private static final Logger log = LoggerFactory.getLogger(SyncService.class);

  /** What was said about each unusable row, by item (by the warning, for rows without a name). */
  private final Map<String, String> unusable = new HashMap<>();

  /**
   * Warns about the rows a reconciliation found unusable, unless they were, as they are, before.
   * After a comparison of every row, the warnings of rows that are gone or fixed are forgotten, so
   * such a row is named again if it turns unusable again.
   */
  void unusable(Reconciliation found) {
    Set<String> seen = new HashSet<>();
    for (HistoryRow row : found.unusable()) {
      String key = row.item() != null ? row.item() : "\0" + row.problem();
      seen.add(key);
      if (!row.problem().equals(unusable.put(key, row.problem()))) {
        log.warn(
            "Skipping {}: {}; it is scheduled once the row is fixed", row.subject(), row.problem());
      }
    }
    if (found.everyRow()) {
      unusable.keySet().retainAll(seen);
    }
  }

  /**
   * Items just scheduled from their rows (a fixed row's warning is forgotten). A last run more than
   * an interval and a day ahead of now leaves an item idle until then, as the contract says it
   * must, but not without a word.
   */
  void scheduled(Reconciliation applied) {
    for (List<Plan> plans : List.of(applied.added(), applied.rescheduled())) {
      plans.forEach(plan -> unusable.remove(plan.item()));
    }
    for (Plan plan : applied.farAhead()) {
      log.warn(
          "{} has last_execution_time {}, in the future: it first runs at {} (one interval later);"
              + " once last_execution_time is corrected, a change of execution_interval"
              + " reschedules it",
          ItemNames.printable(plan.item()),
          applied.usable().get(plan.jobName()).lastExecution(),
          plan.firstFire());
    }
  }
}
