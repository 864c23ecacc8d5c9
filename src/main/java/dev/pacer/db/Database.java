package dev.pacer.db;

import static java.util.Objects.requireNonNull;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.pacer.config.Durations;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.net.SocketException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLTransientConnectionException;
import java.time.Duration;
import java.util.List;
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
  private final HikariDataSource pool;

  @Inject
  public Database(DbConfig config) {
    this.config = requireNonNull(config);
    this.dialect = Dialect.of(config.getUrl());
    HikariConfig hikari = new HikariConfig();
    hikari.setPoolName("pacer-db");
    hikari.setJdbcUrl(dialect.completeUrl(config.getUrl()));
    hikari.setUsername(config.getUser());
    hikari.setPassword(config.getPassword());
    hikari.setMaximumPoolSize(config.getPoolSize());
    // Grow on demand: several idle nodes should not hold a server's connections hostage.
    hikari.setMinimumIdle(Math.min(5, config.getPoolSize()));
    hikari.setConnectionTimeout(config.getConnectTimeout().toMillis());
    hikari.setValidationTimeout(Math.min(config.getConnectTimeout().toMillis(), 5000));
    hikari.setConnectionInitSql(dialect.utcSessionSql());
    // Start without a connection: awaitReachable() reports and retries instead of failing.
    hikari.setInitializationFailTimeout(-1);
    dialect.driverProperties().forEach(hikari::addDataSourceProperty);
    this.pool = new HikariDataSource(hikari);
  }

  public DataSource dataSource() {
    return pool;
  }

  public Dialect dialect() {
    return dialect;
  }

  public Connection connection() throws SQLException {
    return pool.getConnection();
  }

  /** The URL as safe to print: no password parameter. */
  public String displayUrl() {
    return maskPassword(config.getUrl());
  }

  static String maskPassword(String url) {
    return url.replaceAll("(?i)(password=)[^&;]*", "$1********");
  }

  /**
   * Blocks until a connection succeeds, logging one line per failed attempt.
   *
   * @return false if {@code stopped} turned true first
   */
  public boolean awaitReachable(BooleanSupplier stopped) {
    Duration pause = config.getRetryInterval();
    for (int attempt = 1; !stopped.getAsBoolean(); attempt++) {
      try {
        pool.getConnection().close();
        if (attempt > 1) {
          log.info("Database {} is reachable again", displayUrl());
        }
        return true;
      } catch (SQLException e) {
        log.warn(
            "Database {} unreachable ({}), attempt {}; retrying in {}",
            displayUrl(),
            reason(e),
            attempt,
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
  public void close() {
    pool.close();
  }
}
