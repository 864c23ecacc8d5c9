package dev.pacer.db;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;

/** MySQL 8 and MariaDB 10.6+, through MySQL Connector/J. */
public final class MysqlDialect implements Dialect {
  private static final Map<String, String> DRIVER_PROPERTIES =
      Map.of(
          "connectionTimeZone", "UTC",
          "forceConnectionTimeZoneToSession", "false",
          "characterEncoding", "UTF-8",
          "rewriteBatchedStatements", "true",
          "cachePrepStmts", "true",
          "prepStmtCacheSize", "250",
          "prepStmtCacheSqlLimit", "2048",
          "useServerPrepStmts", "false",
          "tcpKeepAlive", "true");

  MysqlDialect() {}

  @Override
  public String schemaDirectory() {
    return "mysql";
  }

  /**
   * UTC; a lock wait gives up after 10 s; and on MariaDB ({@code /*M!} is MariaDB's own executable
   * comment, which MySQL ignores) the server ends a session idle in a transaction for 2 s, so a
   * node that vanished mid-transaction (a silent partition) releases its row locks then. Pacer's
   * and Quartz's transactions send their statements back to back; a vanished node's sessions that
   * still wait for a lock (Quartz's TRIGGER_ACCESS, say) are granted it one after another, and each
   * holds it this long, so the cluster's Quartz waits a few seconds, not 10 s each.
   */
  @Override
  public String sessionSql() {
    return "SET time_zone = '+00:00', innodb_lock_wait_timeout = 10"
        + " /*M!100300 , idle_transaction_timeout = 2 */";
  }

  /**
   * On MariaDB, a wait for one of Quartz's locks gives up after 3 s. Quartz tries a lock three
   * times, a second apart, so a live node waits up to 12 s without an error; the sessions of a node
   * that vanished (whose waits were queued before it did) give up after 3 s instead of being
   * granted the lock one after another and each holding it until the server ends it, idle. MySQL
   * has no {@code WAIT n}; there its waits end at {@code innodb_lock_wait_timeout}.
   */
  @Override
  public String quartzLockSql() {
    return Dialect.super.quartzLockSql() + " /*M!100300 WAIT 3 */";
  }

  @Override
  public String nowMillis() {
    return "CAST(UNIX_TIMESTAMP(NOW(3)) * 1000 AS SIGNED)";
  }

  @Override
  public Map<String, String> driverProperties(Duration connectTimeout, Duration socketTimeout) {
    Map<String, String> properties = new HashMap<>(DRIVER_PROPERTIES);
    properties.put("connectTimeout", Long.toString(connectTimeout.toMillis()));
    if (socketTimeout != null) {
      properties.put("socketTimeout", Long.toString(socketTimeout.toMillis()));
    }
    return properties;
  }

  @Override
  public String completeUrl(String url) {
    return url;
  }

  @Override
  public String insertKeyIfAbsent(String table, String column) {
    return "INSERT IGNORE INTO " + table + " (" + column + ") VALUES (?)";
  }

  /**
   * The XOR of each row's CRC32 scrambled by a multiplication modulo a prime. (An XOR of plain
   * CRC32s would not do: CRC is linear, so two rows changed the same way, say two items paused at
   * once, cancel each other out. MD5 would do, at two to four times the cost on a busy server.)
   */
  @Override
  public Optional<String> rowsChecksum(String rowExpression) {
    return Optional.of("BIT_XOR(CRC32(" + rowExpression + ") * 2654435761 % 4294967291)");
  }

  @Override
  public boolean upsertsInTurn() {
    return true;
  }

  /** A named lock of the server's ({@code GET_LOCK}), its name the prefix and the database's. */
  @Override
  public void exclusively(DataSource dataSource, String name, Duration wait, SqlWork work)
      throws SQLException {
    String lock = "CONCAT('" + name + "_', MD5(DATABASE()))";
    try (Connection connection = dataSource.getConnection();
        Statement statement = connection.createStatement()) {
      try (ResultSet locked =
          statement.executeQuery("SELECT GET_LOCK(" + lock + ", " + wait.toSeconds() + ")")) {
        if (!locked.next() || locked.getInt(1) != 1) {
          throw new SQLException(
              "Another node has held the lock "
                  + name
                  + "_… for "
                  + wait.toSeconds()
                  + " s; is one stuck?");
        }
      }
      try {
        work.run();
      } finally {
        statement.execute("DO RELEASE_LOCK(" + lock + ")");
      }
    }
  }
}
