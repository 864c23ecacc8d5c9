package dev.pacer.sync;

import static java.util.Objects.requireNonNull;

import dev.pacer.history.ChangeLog.Change;
import dev.pacer.history.HistoryRow;
import dev.pacer.history.HistoryTable;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * How the sync's leader finds the history rows that changed since its last tick: from the server's
 * binary log ({@link BinlogFeed}), by checksums of the table ({@link ChecksumFeed}) or from the
 * change log its triggers fill ({@link TriggerFeed}), as {@code sync.change-capture} chooses when
 * the node is wired. Its methods run on the sync's thread only.
 */
interface ChangeFeed {
  /**
   * Called before a tick that compares every row (a node that just became the leader, and every
   * {@link Leader#FULL_SYNC}): the time to put the feed's own triggers on the table, or to take
   * away those an earlier configuration left.
   */
  void prepare() throws SQLException;

  /**
   * The rows to compare this tick.
   *
   * @param all every row, whatever changed
   * @param mirror what the leader knows is scheduled, and in which bucket each item's row was
   */
  Changed changed(boolean all, Mirror mirror) throws SQLException;

  /** Forgets what {@code applied} recorded, now that its changes are in the schedule. */
  void forget(Changed applied) throws SQLException;

  /**
   * This node does not lead (any more): what the feed holds open for the leader can close. The next
   * tick as the leader is one that compares every row, after {@link #prepare}.
   */
  default void suspend() {}

  /**
   * Rows to compare; the keys ({@link ItemKeys#jobName}) of the scheduled items they may replace or
   * remove ({@code scope}: null for all); and the change log's rows they apply.
   */
  record Changed(List<HistoryRow> rows, Set<String> scope, List<Change> logged) {
    /** Nothing changed: nothing to compare, nothing to remove. */
    static final Changed NONE = new Changed(List.of(), Set.of(), List.of());

    public Changed {
      requireNonNull(rows);
      requireNonNull(logged);
    }

    /**
     * The rows of these items, read by primary key after what named them, and the items' keys as
     * the scope (a null item asks for the rows without a name).
     */
    static Changed items(HistoryTable history, Set<String> items, List<Change> logged)
        throws SQLException {
      List<HistoryRow> rows = history.readItems(new ArrayList<>(items));
      Set<String> scope = new HashSet<>();
      items.stream().filter(Objects::nonNull).forEach(item -> scope.add(ItemKeys.jobName(item)));
      return new Changed(rows, scope, logged);
    }

    /** Every row of the table, read after the change log's {@code logged} rows. */
    static Changed all(List<HistoryRow> rows, List<Change> logged) {
      return new Changed(rows, null, logged);
    }
  }
}
