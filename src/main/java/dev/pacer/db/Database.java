package dev.pacer.db;

import static java.util.Objects.requireNonNull;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.metrics.MetricsTrackerFactory;
import dev.pacer.config.Durations;
import dev.pacer.config.Secrets;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.net.SocketException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLTransientConnectionException;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.function.BooleanSupplier;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The one connection pool of a node, shared by Quartz, sync, runs, /health and the CLI. */
@Singleton
public final class Database implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Database.class);

  private final DbConfig config;
  private final Dialect dialect;
  private volatile HikariDataSource pool;
  private volatile HikariDataSource leasePool;
  private MetricsTrackerFactory metrics;
  private long renewedNanos = System.nanoTime();

  /**
   * READ COMMITTED for every session, Quartz's included. Under InnoDB's default REPEATABLE READ,
   * Quartz's misfire handler reads the overdue triggers, waits for its lock, then writes from its
   * stale snapshot: a trigger another node had just acquired went back to WAITING and a job whose
   * run was in flight was unblocked (two nodes on slow items ran them twice at once, BusyStartIT).
   * Pacer's own transactions lock what they depend on and need no snapshot.
   */
  static final String ISOLATION = "TRANSACTION_READ_COMMITTED";

  /** The longest a statement may wait for the server's answer. */
  private static final Duration QUERY_BOUND = Duration.ofMinutes(2);

  private static final Duration LEASE_QUERY_BOUND = Duration.ofSeconds(2);

  /** How many times {@link #retryingDeadlocks} does a transaction's work at most. */
  private static final int DEADLOCK_TRIES = 3;

  /** How long a new pool has to make its first connections before it may be replaced. */
  private static final Duration RENEWED_POOL_GRACE = Duration.ofSeconds(5);

  @Inject
  public Database(DbConfig config) {
    this.config = requireNonNull(config);
    this.dialect = Dialect.of(config.getUrl());
    this.pool = pool("pacer-db", config.getPoolSize(), QUERY_BOUND);
    this.leasePool = pool("pacer-lease", 2, LEASE_QUERY_BOUND);
  }

  /**
   * A pool on the configured database. Every session reads committed data (see {@link #ISOLATION}),
   * and no statement waits on the network for longer than {@code socketTimeout}: a database cut off
   * without a word (packets dropped) fails the statement instead of hanging it.
   */
  private HikariDataSource pool(String name, int size, Duration socketTimeout) {
    HikariConfig hikari = new HikariConfig();
    hikari.setPoolName(name);
    hikari.setJdbcUrl(dialect.completeUrl(config.getUrl()));
    hikari.setUsername(config.getUser());
    hikari.setPassword(config.getPassword());
    hikari.setMaximumPoolSize(size);
    // Grow on demand: several idle nodes should not hold a server's connections hostage.
    hikari.setMinimumIdle(Math.min(5, size));
    hikari.setConnectionTimeout(config.getConnectTimeout().toMillis());
    hikari.setValidationTimeout(Math.min(config.getConnectTimeout().toMillis(), 5000));
    hikari.setConnectionInitSql(dialect.sessionSql());
    hikari.setTransactionIsolation(ISOLATION);
    // Start without a connection: awaitReachable() reports and retries instead of failing.
    hikari.setInitializationFailTimeout(-1);
    dialect
        .driverProperties(config.getConnectTimeout(), socketTimeout)
        .forEach(hikari::addDataSourceProperty);
    return new HikariDataSource(hikari);
  }

  /**
   * A connection for this node's lease only, from a pool of its own with short network timeouts: a
   * busy main pool must never delay a renewal, and a renewal that cannot reach the database must
   * fail quickly.
   */
  public Connection leaseConnection() throws SQLException {
    return leasePool.getConnection();
  }

  /**
   * Connections without the network bound, for work that may legitimately take minutes (schema
   * migrations, waiting for another node's migration); the caller closes the pool.
   */
  public HikariDataSource unboundedPool() {
    return pool("pacer-schema", 2, null);
  }

  public DataSource dataSource() {
    return pool;
  }

  /** Reports the main pool's use through these metrics, and a replacement's ({@link #renew}). */
  public synchronized void trackMetrics(MetricsTrackerFactory factory) {
    metrics = factory;
    pool.setMetricsTrackerFactory(factory);
  }

  /**
   * Replaces the pools that hold no connection, if the database answers a connection of its own,
   * while nothing else uses them (the node fenced itself and waits to rejoin). HikariCP refills a
   * pool from one thread that, while connections fail, sleeps between attempts with a back-off
   * doubling to 5 s, and nothing wakes it when the database returns: after a 20 s outage the first
   * working connection came 4.1-4.5 s after the return. New pools connect at once.
   */
  public synchronized void renew() {
    if (System.nanoTime() - renewedNanos < RENEWED_POOL_GRACE.toNanos()
        || (!empty(pool) && !empty(leasePool))) {
      return; // they have connections, or are new and making them
    }
    Properties properties = new Properties();
    properties.putAll(dialect.driverProperties(config.getConnectTimeout(), LEASE_QUERY_BOUND));
    if (config.getUser() != null) {
      properties.setProperty("user", config.getUser());
    }
    if (config.getPassword() != null) {
      properties.setProperty("password", config.getPassword());
    }
    try (Connection probe =
        DriverManager.getConnection(dialect.completeUrl(config.getUrl()), properties)) {
      if (!probe.isValid((int) LEASE_QUERY_BOUND.toSeconds())) {
        return;
      }
    } catch (SQLException e) {
      return; // still away
    }
    renewedNanos = System.nanoTime();
    if (empty(leasePool)) {
      HikariDataSource old = leasePool;
      leasePool = pool("pacer-lease", 2, LEASE_QUERY_BOUND);
      old.close();
    }
    if (empty(pool)) {
      HikariDataSource old = pool;
      pool = pool("pacer-db", config.getPoolSize(), QUERY_BOUND);
      old.close(); // and its meters, which the new pool's replace
      if (metrics != null) {
        pool.setMetricsTrackerFactory(metrics);
      }
    }
    log.debug("Replaced the connection pools that had lost every connection");
  }

  private static boolean empty(HikariDataSource pool) {
    return pool.getHikariPoolMXBean() == null
        || pool.getHikariPoolMXBean().getTotalConnections() == 0;
  }

  public Dialect dialect() {
    return dialect;
  }

  public Connection connection() throws SQLException {
    return pool.getConnection();
  }

  /** The URL as safe to print: no password, as a parameter or as user:password@. */
  public String displayUrl() {
    return maskPassword(config.getUrl());
  }

  static String maskPassword(String url) {
    return Secrets.maskCredentials(url);
  }

  /**
   * Blocks until a connection succeeds, logging one line per failed attempt, which says how long
   * the attempt took (up to {@code db.connect-timeout}) and how long until the next. A database
   * that answers but refuses for good (no such database, access denied, a malformed URL, an unknown
   * host) is not waited for: waiting would not change it.
   *
   * @return false if {@code stopped} turned true first
   * @throws IllegalStateException naming the problem, if the database refuses for good
   */
  public boolean awaitReachable(BooleanSupplier stopped) {
    Duration pause = config.getRetryInterval();
    for (int attempt = 1; !stopped.getAsBoolean(); attempt++) {
      long started = System.nanoTime();
      try {
        pool.getConnection().close();
        if (attempt > 1) {
          log.info("Database {} is reachable again", displayUrl());
        }
        return true;
      } catch (SQLException e) {
        String permanent = permanentProblem(e);
        if (permanent != null) {
          throw new IllegalStateException(
              "database " + displayUrl() + " refuses the connection: " + permanent);
        }
        Duration took = Duration.ofNanos(System.nanoTime() - started);
        log.warn(
            "Database {} unreachable ({}): attempt {} failed after {}; next attempt in {}",
            displayUrl(),
            reason(e),
            attempt,
            String.format(java.util.Locale.ROOT, "%.1fs", took.toMillis() / 1000.0),
            Durations.format(pause));
      }
      try {
        Thread.sleep(pause.toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      }
    }
    return false;
  }

  /**
   * An error that no retry mends, in an operator's words (the driver's reason and what to check),
   * or null for one that may pass (a refused connection, a timeout). MySQL: 1049 unknown database,
   * 1044/1045/1698 access denied; H2: 90013/90146 no such database, 90046 malformed URL; both: SQL
   * state 28000, access denied.
   */
  private static String permanentProblem(Throwable error) {
    for (Throwable cause = error; cause != null; cause = cause.getCause()) {
      String reason = cause.getMessage() == null ? "" : maskPassword(cause.getMessage().strip());
      if (cause instanceof java.net.UnknownHostException) {
        return "unknown host " + reason + " (check db.url)";
      }
      // Connector/J's own exception for a URL or property it cannot parse.
      if (cause.getClass().getSimpleName().equals("WrongArgumentException")) {
        return reason + " (a malformed URL: check db.url)";
      }
      if (cause instanceof SQLException sql
          && !(cause instanceof SQLTransientConnectionException)) {
        int code = sql.getErrorCode();
        if (code == 1049 || code == 90013 || code == 90146) {
          return reason + " (no such database: check db.url, or create it)";
        }
        if (code == 1044 || code == 1045 || code == 1698 || "28000".equals(sql.getSQLState())) {
          return reason + " (access denied: check db.user, db.password and the user's grants)";
        }
        if (code == 90046 || "S1009".equals(sql.getSQLState())) {
          return reason + " (a malformed URL: check db.url)";
        }
      }
      if (cause.getCause() == cause) {
        break;
      }
    }
    return null;
  }

  /** What drivers, pools and Quartz say, sometimes only in a message, when a connection fails. */
  private static final List<String> LOST_CONNECTION_MESSAGES =
      List.of(
          "Connection is closed",
          "connection closed",
          "Communications link failure",
          "Failed to validate connection",
          "failed to create/setup connection",
          "Failed to obtain DB connection",
          "Connection is not available",
          "has been closed", // a pool replaced after an outage (renew)
          "marked as broken");

  /**
   * Whether an error means the database could not be reached (no connection, or one lost), as
   * opposed to a statement it refused: by its type or SQL state, or, where a wrapper kept only the
   * message, by what the message says.
   */
  public static boolean lostConnection(Throwable error) {
    for (Throwable cause = error; cause != null; cause = cause.getCause()) {
      if (cause instanceof SQLTransientConnectionException
          || cause instanceof SQLNonTransientConnectionException
          || cause instanceof SocketException
          || (cause instanceof SQLException sql
              && sql.getSQLState() != null
              && sql.getSQLState().startsWith("08"))
          || mentionsLostConnection(cause.getMessage())) {
        return true;
      }
      if (cause.getCause() == cause) {
        break;
      }
    }
    return false;
  }

  /**
   * Whether the database undid a transaction to break a deadlock (MySQL and MariaDB: error 1213;
   * H2: 40001), after which it may be taken again at once; a lock wait that timed out is not one.
   */
  public static boolean deadlock(SQLException error) {
    return error.getErrorCode() == 1213 || error.getErrorCode() == 40001;
  }

  /** A transaction's work, which rolls back what it did before it throws. */
  @FunctionalInterface
  public interface Transaction<T> {
    T run() throws SQLException;
  }

  /**
   * Does a transaction's work, and again from the start (at most {@value #DEADLOCK_TRIES} times in
   * all) while the database undoes it to break a deadlock.
   */
  public static <T> T retryingDeadlocks(Transaction<T> work) throws SQLException {
    for (int tries = 1; ; tries++) {
      try {
        return work.run();
      } catch (SQLException e) {
        if (!deadlock(e) || tries == DEADLOCK_TRIES) {
          throw e;
        }
      }
    }
  }

  /** Whether a statement (or one of a batch) was refused by a key: SQL state class 23. */
  public static boolean duplicateKey(SQLException error) {
    for (Throwable cause = error; cause != null; cause = cause.getCause()) {
      if (cause instanceof SQLException sql
          && sql.getSQLState() != null
          && sql.getSQLState().startsWith("23")) {
        return true;
      }
      if (cause.getCause() == cause) {
        break;
      }
    }
    return false;
  }

  /** Whether a message says a connection failed. */
  public static boolean mentionsLostConnection(String message) {
    return message != null && LOST_CONNECTION_MESSAGES.stream().anyMatch(message::contains);
  }

  /** The innermost cause's first line: what an operator needs, without a stack trace. */
  public static String reason(Throwable error) {
    Throwable root = error;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    String message =
        root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
    String firstLine = message.lines().findFirst().orElse(message).trim();
    return maskPassword(firstLine);
  }

  @Override
  public synchronized void close() {
    leasePool.close();
    pool.close();
  }
}
