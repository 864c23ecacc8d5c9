package dev.pacer.db;

import static java.util.Objects.requireNonNull;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checks every second that the database answers, so a lost database is reported once, in plain
 * words, and its return too; /health reads the result without waiting for a connection.
 */
@Singleton
public final class DatabaseWatch implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(DatabaseWatch.class);

  private final Database database;
  private final Clock clock;
  private volatile Instant lostSince;
  private volatile String reason;
  private ScheduledExecutorService timer;

  @Inject
  public DatabaseWatch(Database database, Clock clock) {
    this.database = requireNonNull(database);
    this.clock = requireNonNull(clock);
  }

  public synchronized void start() {
    timer =
        Executors.newSingleThreadScheduledExecutor(
            task -> {
              Thread thread = new Thread(task, "pacer-db-watch");
              thread.setDaemon(true);
              return thread;
            });
    timer.scheduleWithFixedDelay(this::check, 1, 1, TimeUnit.SECONDS);
  }

  public boolean reachable() {
    return lostSince == null;
  }

  /** Why the database is unreachable, or null. */
  public String reason() {
    return reason;
  }

  private void check() {
    try (Connection connection = database.connection()) {
      if (!connection.isValid(5)) {
        throw new SQLException("the connection does not answer");
      }
      found();
    } catch (SQLException e) {
      lost(Database.reason(e));
    }
  }

  /** Reports the database lost (once), as noticed by a statement that could not reach it. */
  public synchronized void lost(String why) {
    reason = why;
    if (lostSince == null) {
      lostSince = clock.instant();
      log.warn(
          "Database {} unreachable ({}); runs pause until it returns", database.displayUrl(), why);
    }
  }

  private synchronized void found() {
    Instant since = lostSince;
    if (since == null) {
      return;
    }
    lostSince = null;
    reason = null;
    long seconds = Duration.between(since, clock.instant()).toSeconds();
    log.info(
        "Database {} is reachable again after {} s; runs resume", database.displayUrl(), seconds);
  }

  @Override
  public synchronized void close() {
    if (timer != null) {
      timer.shutdownNow();
      timer = null;
    }
  }
}
