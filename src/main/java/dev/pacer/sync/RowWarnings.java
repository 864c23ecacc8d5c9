package dev.pacer.sync;

import dev.pacer.history.HistoryRow;
import dev.pacer.history.ItemNames;
import dev.pacer.sync.ItemJobs.Plan;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
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

  private final Set<String> seen = new HashSet<>();

  /** Starts a tick's comparison. */
  void begin() {
    seen.clear();
  }

  /**
   * Ends it. After a comparison of every row, the warnings of rows that are gone or fixed are
   * forgotten, so such a row is named again if it turns unusable again.
   */
  void end(boolean everyRow) {
    if (everyRow) {
      unusable.keySet().retainAll(seen);
    }
  }

  /** A row that cannot be scheduled: warned about unless it was, as it is, before. */
  void unusable(HistoryRow row) {
    String key = row.item() != null ? row.item() : "\0" + row.problem();
    seen.add(key);
    if (!row.problem().equals(unusable.put(key, row.problem()))) {
      log.warn(
          "Skipping {}: {}; it is scheduled once the row is fixed", row.subject(), row.problem());
    }
  }

  /**
   * An item just scheduled from its row (a fixed row's warning is forgotten). A last run more than
   * an interval and a day ahead of now leaves it idle until then, as the contract says it must, but
   * not without a word.
   */
  void scheduled(Plan plan, HistoryRow row, Instant now) {
    unusable.remove(plan.item());
    if (row.lastRunFarAhead(now)) {
      log.warn(
          "{} has last_execution_time {}, in the future: it first runs at {} (one interval later);"
              + " once last_execution_time is corrected, a change of execution_interval"
              + " reschedules it",
          ItemNames.printable(plan.item()),
          row.lastExecution(),
          plan.firstFire());
    }
  }
}
