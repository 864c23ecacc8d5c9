package dev.pacer.sync;

import static java.util.Objects.requireNonNull;

import dev.pacer.db.Database;
import dev.pacer.history.ChangeLog;
import dev.pacer.history.ChangeLog.Change;
import dev.pacer.history.HistoryTable;
import jakarta.inject.Inject;
import java.sql.SQLException;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code sync.change-capture=triggers}: the history table's triggers log each change ({@link
 * ChangeLog}), and a tick reads the log and the rows it names by primary key, whatever the number
 * of items. This feed puts the triggers on the table; until they are there (they cannot be created,
 * or the database is the embedded one, which has none) it finds changes by checksum.
 */
final class TriggerFeed implements ChangeFeed {
  /** Logged under the sync's logger, where operators look for what the sync did. */
  private static final Logger log = LoggerFactory.getLogger(SyncService.class);

  /** The change log's rows one tick applies at most; more wait for the next. */
  private static final int CHANGES_PER_TICK = 10_000;

  private final HistoryTable history;
  private final ChangeLog changeLog;
  private final ChecksumFeed meanwhile;
  private boolean readsLog;
  private boolean warned;

  @Inject
  TriggerFeed(HistoryTable history, ChangeLog changeLog, ChecksumFeed meanwhile) {
    this.history = requireNonNull(history);
    this.changeLog = requireNonNull(changeLog);
    this.meanwhile = requireNonNull(meanwhile);
  }

  @Override
  public void prepare() throws SQLException {
    readsLog = installed();
  }

  @Override
  public Changed changed(boolean all, Mirror mirror) throws SQLException {
    return readsLog ? fromLog(all) : meanwhile.changed(all, mirror);
  }

  @Override
  public void forget(Changed applied) throws SQLException {
    changeLog.forget(applied.logged());
  }

  /** The rows the change log names (read before the rows, so they hold at least those changes). */
  private Changed fromLog(boolean all) throws SQLException {
    List<Change> logged = changeLog.read(CHANGES_PER_TICK);
    if (all) {
      return Changed.all(history.readAll(), logged);
    }
    if (logged.isEmpty()) {
      return Changed.NONE;
    }
    Set<String> items = new LinkedHashSet<>();
    logged.forEach(change -> items.add(change.item()));
    return Changed.items(history, items, logged);
  }

  /** Whether the triggers are on the table, as this version writes them (created if not). */
  private boolean installed() throws SQLException {
    if (!history.detectsChanges()) {
      if (!warned) {
        log.warn(
            "sync.change-capture=triggers needs MySQL or MariaDB: the embedded database's rows"
                + " are compared in full every tick");
        warned = true;
      }
      return false;
    }
    try {
      if (!changeLog.complete()) {
        changeLog.install();
        log.info(
            "Created triggers on {}: changes to it are logged in pacer_change", history.name());
      }
      warned = false;
      return true;
    } catch (SQLException e) {
      if (Database.lostConnection(e)) {
        throw e;
      }
      if (!warned) {
        log.error(
            "sync.change-capture=triggers: could not create the triggers on {}: {}; finding"
                + " changes by checksum meanwhile, trying again every {} min",
            history.name(),
            Database.reason(e),
            Leader.FULL_SYNC.toMinutes());
      }
      warned = true;
      return false;
    }
  }
}
