package dev.pacer.run;

import static java.util.Objects.requireNonNull;

import dev.pacer.db.Database;
import dev.pacer.db.Dialect;
import dev.pacer.sync.SyncListener;
import dev.pacer.sync.SyncService.SyncReport;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Warns once when the database's InnoDB buffer pool is smaller than the run log needs for the items
 * the sync read: {@code pacer_run}'s unique key is led by the item, so each item's new rows go to a
 * page of their own and, with a retention, the purge deletes its oldest rows from others. Those
 * pages must stay in the pool (docs/performance.md, "The run log at scale"); without them inserts
 * and deletes read from disk and, at thousands of runs a second, runs fall behind.
 */
@Singleton
public final class RunLogMemory implements SyncListener {
  /** An InnoDB page. */
  private static final long PAGE = 16 * 1024;

  private static final Logger log = LoggerFactory.getLogger(RunLogMemory.class);

  private final Database database;
  private final long bytesPerItem;
  private long knownEnough;
  private boolean warned;

  @Inject
  public RunLogMemory(Database database, RunConfig config) {
    this.database = requireNonNull(database);
    this.bytesPerItem = bytesPerItem(config.getRetention());
  }

  /**
   * A page an item where new rows go, or four with a purge: measured, the log kept up with its
   * purge with four pages an item in the pool, not with two and a half.
   */
  static long bytesPerItem(Duration retention) {
    return retention.isZero() ? PAGE : 4 * PAGE;
  }

  @Override
  public synchronized void onTick(SyncReport report, Duration took) {
    long needed = report.rows() * bytesPerItem;
    if (warned || needed <= knownEnough || database.dialect() != Dialect.MYSQL) {
      return;
    }
    long pool;
    try (Connection connection = database.connection();
        Statement statement = connection.createStatement();
        ResultSet row = statement.executeQuery("SELECT @@innodb_buffer_pool_size")) {
      row.next();
      pool = row.getLong(1);
    } catch (SQLException e) {
      log.debug("Could not read innodb_buffer_pool_size: {}", e.toString());
      return;
    }
    if (pool >= needed) {
      knownEnough = needed;
      return;
    }
    warned = true;
    log.warn(
        "The database's InnoDB buffer pool ({} MiB) is smaller than the run log needs for {} items"
            + " (about {} MiB, {} KiB an item): once pacer_run has grown, recording runs reads"
            + " from disk and at thousands of runs a second they fall behind. Raise"
            + " innodb_buffer_pool_size (docs/performance.md, \"The run log at scale\")",
        pool >> 20,
        report.rows(),
        needed >> 20,
        bytesPerItem >> 10);
  }
}
