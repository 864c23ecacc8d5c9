package dev.pacer.run;

import static java.util.Objects.requireNonNull;

import dev.pacer.db.Database;
import dev.pacer.db.Timestamps;
import dev.pacer.node.NodeService;
import dev.pacer.sync.SyncService;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deletes {@code pacer_run} rows older than {@code run-log.retention}, and the {@code
 * pacer_last_run} rows of items that have not run since (removed items, mostly). Only the sync
 * leader does it, so nodes do not compete for the same rows, and in chunks, each its own short
 * transaction, so runs writing their rows meanwhile never wait long.
 */
@Singleton
public final class RunLogPurge implements NodeService {
  private static final Logger log = LoggerFactory.getLogger(RunLogPurge.class);
  private static final int CHUNK = 5_000;
  private static final Duration EVERY = Duration.ofMinutes(1);

  private final Duration retention;
  private final Database database;
  private final SyncService sync;
  private final Clock clock;
  private ScheduledExecutorService timer;

  @Inject
  public RunLogPurge(RunConfig config, Database database, SyncService sync, Clock clock) {
    this.retention = config.getRetention();
    this.database = requireNonNull(database);
    this.sync = requireNonNull(sync);
    this.clock = requireNonNull(clock);
  }

  @Override
  public synchronized void start() {
    if (retention.isZero()) {
      return;
    }
    timer =
        Executors.newSingleThreadScheduledExecutor(
            task -> {
              Thread thread = new Thread(task, "pacer-run-log-purge");
              thread.setDaemon(true);
              return thread;
            });
    // Every minute, or more often for a retention shorter than a few minutes.
    long every = Math.max(100, Math.min(EVERY.toMillis(), retention.toMillis() / 4));
    timer.scheduleWithFixedDelay(this::purgeQuietly, every, every, TimeUnit.MILLISECONDS);
  }

  private void purgeQuietly() {
    if (!sync.leading()) {
      return;
    }
    try {
      long deleted = purge();
      if (deleted > 0) {
        log.info("Deleted {} pacer_run rows older than {}", deleted, retention);
      }
    } catch (SQLException | RuntimeException e) {
      log.warn("Purging old pacer_run rows failed, trying again later: {}", Database.reason(e));
    }
  }

  /**
   * @return how many rows it deleted (none with a retention of 0)
   */
  long purge() throws SQLException {
    if (retention.isZero()) {
      return 0;
    }
    try (Connection connection = database.connection()) {
      return deleteBefore(connection, clock.instant().minus(retention));
    }
  }

  /**
   * Deletes the rows started before {@code cutoff} in chunks of {@value #CHUNK}, each its own
   * transaction; also used by {@code bin/benchmark run-log --retention}.
   *
   * @return how many rows of the run log it deleted
   */
  public static long deleteBefore(Connection connection, Instant cutoff) throws SQLException {
    deleteLastRunsBefore(connection, cutoff);
    long deleted = 0;
    try (PreparedStatement delete =
        connection.prepareStatement("DELETE FROM pacer_run WHERE started_at < ? LIMIT " + CHUNK)) {
      Timestamps.set(delete, 1, cutoff);
      int chunk;
      do {
        chunk = delete.executeUpdate();
        deleted += chunk;
        commit(connection);
      } while (chunk == CHUNK && !Thread.currentThread().isInterrupted());
    }
    return deleted;
  }

  /**
   * Deletes the last runs of items that have not run since {@code cutoff}: found by a plain read,
   * then deleted by primary key if still as old. (A DELETE by {@code started_at}, which no index
   * leads, would lock every row it scanned, and every run recorded meanwhile would wait for it.)
   */
  private static void deleteLastRunsBefore(Connection connection, Instant cutoff)
      throws SQLException {
    List<String> stale = new ArrayList<>();
    try (PreparedStatement select =
        connection.prepareStatement("SELECT item FROM pacer_last_run WHERE started_at < ?")) {
      Timestamps.set(select, 1, cutoff);
      try (ResultSet rows = select.executeQuery()) {
        while (rows.next()) {
          stale.add(rows.getString(1));
        }
      }
    }
    try (PreparedStatement delete =
        connection.prepareStatement(
            "DELETE FROM pacer_last_run WHERE item = ? AND started_at < ?")) {
      for (int from = 0; from < stale.size(); from += CHUNK) {
        for (String item : stale.subList(from, Math.min(stale.size(), from + CHUNK))) {
          delete.setString(1, item);
          Timestamps.set(delete, 2, cutoff);
          delete.addBatch();
        }
        delete.executeBatch();
        commit(connection);
      }
    }
  }

  private static void commit(Connection connection) throws SQLException {
    if (!connection.getAutoCommit()) {
      connection.commit();
    }
  }

  @Override
  public synchronized void stop() {
    if (timer != null) {
      timer.shutdownNow();
      timer = null;
    }
  }
}
