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
 * the sync read: {@code pacer_run}'s unique key is led by the item, and to take new rows at full
 * speed its pages in use, about one per item once the log has grown, must fit in the pool
 * (docs/performance.md, "The run log at scale"). Without them inserts read from disk and, at
 * thousands of runs a second, runs fall behind.
 */
@Singleton
public final class RunLogMemory implements SyncListener {
  /** An InnoDB page: what each item's place in the unique key comes to. */
  static final long BYTES_PER_ITEM = 16 * 1024;

  private static final Logger log = LoggerFactory.getLogger(RunLogMemory.class);

  private final Database database;
  private long knownEnough;
  private boolean warned;

  @Inject
  public RunLogMemory(Database database) {
    this.database = requireNonNull(database);
  }

  @Override
  public synchronized void onTick(SyncReport report, Duration took) {
    long needed = report.rows() * BYTES_PER_ITEM;
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
            + " (about {} MiB, 16 KiB an item): once pacer_run has grown, recording runs reads"
            + " from disk and at thousands of runs a second they fall behind. Raise"
            + " innodb_buffer_pool_size (docs/performance.md, \"The run log at scale\")",
        pool >> 20,
        report.rows(),
        needed >> 20);
  }
}
