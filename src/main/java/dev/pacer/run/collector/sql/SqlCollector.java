package dev.pacer.run.collector.sql;

import static java.util.Objects.requireNonNull;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.pacer.run.collector.CollectException;
import dev.pacer.run.collector.CollectRequest;
import dev.pacer.run.collector.Collector;
import dev.pacer.run.collector.CollectorOptions;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLTimeoutException;
import java.sql.SQLTransientConnectionException;
import java.sql.Statement;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Runs a query declared in {@code collector.sql.query.<name>} (the item's target names it) on its
 * declared source; the value is the first column of the first row. Each source gets a small
 * read-only pool, opened at its first use and closed with the node; a query gets the run's timeout.
 */
@Singleton
public final class SqlCollector implements Collector, AutoCloseable {
  private final SqlConfig config;
  private final ConcurrentMap<String, HikariDataSource> pools = new ConcurrentHashMap<>();
  private volatile boolean closed;

  @Inject
  public SqlCollector(SqlConfig config) {
    this.config = requireNonNull(config);
  }

  @Override
  public String name() {
    return "sql";
  }

  @Override
  public void check(String target, Map<String, String> options) {
    CollectorOptions.requireKnown(options, Set.of());
    query(target);
  }

  @Override
  public double collect(CollectRequest request) throws Exception {
    CollectorOptions.requireValid(this, request);
    SqlQuery query = query(request.target());
    if (closed) {
      throw new CollectException("the node is stopping");
    }
    HikariDataSource pool = pools.computeIfAbsent(query.getSource(), this::open);
    int seconds = (int) Math.max(1, Math.min(Integer.MAX_VALUE, request.timeout().toSeconds()));
    Connection connection;
    try {
      connection = pool.getConnection();
    } catch (SQLException e) {
      throw connectFailure(query.getSource(), pool, e);
    }
    try (connection;
        Statement statement = connection.createStatement()) {
      statement.setQueryTimeout(seconds);
      statement.setMaxRows(1);
      try (ResultSet rows = statement.executeQuery(query.getSql())) {
        if (!rows.next()) {
          throw new CollectException("the query returned no row");
        }
        return value(rows.getObject(1));
      }
    } catch (SQLTimeoutException e) {
      throw new CollectException("the query did not finish within " + seconds + " s", e);
    } catch (SQLException e) {
      throw new CollectException(firstLine(e), e);
    }
  }

  /**
   * The pool reports every failure to connect as a timeout; the driver's reason (a wrong password,
   * an unknown database, a refused connection) is the timeout's cause, if there was one.
   */
  private static CollectException connectFailure(
      String source, HikariDataSource pool, SQLException e) {
    Throwable reason = e instanceof SQLTransientConnectionException ? e.getCause() : e;
    if (reason == null) {
      return new CollectException(
          "no free connection to source "
              + source
              + " within "
              + pool.getConnectionTimeout()
              + " ms (all "
              + pool.getMaximumPoolSize()
              + " in use)",
          e);
    }
    String message = firstLine(reason);
    Throwable root = reason;
    while (root.getCause() != null) {
      root = root.getCause();
    }
    if (root != reason && root.getMessage() != null && !message.contains(root.getMessage())) {
      message +=
          " (" + root.getMessage() + ")"; // "Communications link failure (Connection refused)"
    }
    return new CollectException("cannot connect to source " + source + ": " + message, e);
  }

  private static String firstLine(Throwable e) {
    String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    return message.lines().findFirst().orElse(message);
  }

  private static double value(Object value) throws CollectException {
    if (value == null) {
      throw new CollectException("the query returned NULL");
    }
    if (value instanceof Number number) {
      return number.doubleValue();
    }
    if (value instanceof Boolean bool) {
      return bool ? 1 : 0;
    }
    return CollectorOptions.parseNumber(value.toString(), "the query's value");
  }

  private SqlQuery query(String target) {
    String name = CollectorOptions.requireTarget(target, "the name of a collector.sql.query");
    SqlQuery query = config.getQueries().get(name);
    if (query == null) {
      Set<String> declared = new TreeSet<>(config.getQueries().keySet());
      throw new IllegalArgumentException(
          "no query named '"
              + name
              + "' in the configuration (declared: "
              + (declared.isEmpty() ? "none" : String.join(", ", declared))
              + ")");
    }
    return query;
  }

  private HikariDataSource open(String name) {
    SqlSource source = config.getSources().get(name);
    HikariConfig hikari = new HikariConfig();
    hikari.setPoolName("pacer-sql-" + name);
    hikari.setJdbcUrl(source.getUrl());
    hikari.setUsername(source.getUser());
    hikari.setPassword(source.getPassword());
    hikari.setMaximumPoolSize(source.getPoolSize());
    hikari.setMinimumIdle(0);
    hikari.setConnectionTimeout(source.getConnectTimeout().toMillis());
    // A monitoring query has no business writing; the database enforces it. Connector/J takes
    // MariaDB for a MySQL 5.5 and does not pass setReadOnly on, hence the explicit statement.
    hikari.setReadOnly(true);
    if (source.getUrl().startsWith("jdbc:mysql:") || source.getUrl().startsWith("jdbc:mariadb:")) {
      hikari.setConnectionInitSql("SET SESSION TRANSACTION READ ONLY");
    }
    // Connect at the first query, not now: an unreachable source fails its runs, not the node.
    hikari.setInitializationFailTimeout(-1);
    return new HikariDataSource(hikari);
  }

  int openPools() {
    return pools.size();
  }

  @Override
  public void close() {
    closed = true;
    pools.values().forEach(HikariDataSource::close);
    pools.clear();
  }
}
