package dev.pacer.db;

import java.sql.SQLException;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * What differs between MySQL/MariaDB ({@link MysqlDialect}) and the embedded H2 ({@link
 * H2Dialect}): the schema files, how a session is set up (UTC, lock and idle bounds), the driver's
 * options, how the database tells its own time, what it can checksum and lock. Chosen once, from
 * the JDBC URL; everything else Pacer sends is plain SQL both understand.
 */
public sealed interface Dialect permits MysqlDialect, H2Dialect {
  static Dialect of(String jdbcUrl) {
    return jdbcUrl.startsWith("jdbc:h2:") ? new H2Dialect() : new MysqlDialect();
  }

  /** Directory under {@code sql/} holding this database's schema files. */
  String schemaDirectory();

  /**
   * Run at every new connection. Every session runs in UTC, and Pacer reads and writes {@code
   * TIMESTAMP}s as UTC local date-times, so instants are right whatever the JVM's or the server's
   * time zone; waits for row locks are bounded.
   */
  String sessionSql();

  /**
   * The statement with which Quartz takes one of its locks ({@code QRTZ_LOCKS}); Quartz's own
   * {@code FOR UPDATE} unless the database can bound that one wait more tightly than {@link
   * #sessionSql} bounds every wait.
   */
  default String quartzLockSql() {
    return "SELECT * FROM {0}LOCKS WHERE SCHED_NAME = {1} AND LOCK_NAME = ? FOR UPDATE";
  }

  /**
   * The database's clock, epoch milliseconds, as an SQL expression: the cluster's clock for leases,
   * claims and check-ins, whatever the nodes' own clocks say.
   */
  String nowMillis();

  /**
   * The driver's options for a connection: those Pacer relies on, and the bounds on connecting and
   * on waiting for an answer where the driver has them.
   */
  Map<String, String> driverProperties(Duration connectTimeout, Duration socketTimeout);

  /** The JDBC URL with the options Pacer relies on added where the operator did not set them. */
  String completeUrl(String url);

  /** An insert of one key column's value that leaves an existing row as it is. */
  String insertKeyIfAbsent(String table, String column);

  /**
   * An aggregate that changes whenever any row's {@code rowExpression} changes, computed by the
   * server in one query; empty where the database has none (the rows are then read and compared).
   */
  Optional<String> rowsChecksum(String rowExpression);

  /**
   * Holds a lock named for the database while {@code work} runs, so that nodes started together
   * take turns; where only one process opens the database, just runs it.
   */
  void exclusively(DataSource dataSource, String name, Duration wait, SqlWork work)
      throws SQLException;

  /**
   * Whether a batch of {@code INSERT ... ON DUPLICATE KEY UPDATE} rows applies the rows of one key
   * in turn, each seeing the last, rather than a read of the row and then its insert or update.
   */
  boolean upsertsInTurn();

  /** Work on the database. */
  @FunctionalInterface
  interface SqlWork {
    void run() throws SQLException;
  }
}
