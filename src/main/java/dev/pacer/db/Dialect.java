package dev.pacer.db;

import java.util.Map;

/**
 * What differs between MySQL/MariaDB and the embedded H2: the schema files, how a session is set up
 * (UTC, lock and idle bounds) and how the database tells its own time. Everything else Pacer sends
 * is plain SQL both understand.
 */
public enum Dialect {
  MYSQL(
      "mysql",
      // UTC; a lock wait gives up after 10 s; and on MariaDB (/*M! is MariaDB's own executable
      // comment, which MySQL ignores) the server ends a session idle in a transaction for 10 s, so
      // a node that vanished mid-transaction (a silent partition) releases its row locks then.
      "SET time_zone = '+00:00', innodb_lock_wait_timeout = 10"
          + " /*M!100300 , idle_transaction_timeout = 10 */",
      "CAST(UNIX_TIMESTAMP(NOW(3)) * 1000 AS SIGNED)",
      Map.of(
          "connectionTimeZone", "UTC",
          "forceConnectionTimeZoneToSession", "false",
          "characterEncoding", "UTF-8",
          "rewriteBatchedStatements", "true",
          "cachePrepStmts", "true",
          "prepStmtCacheSize", "250",
          "prepStmtCacheSqlLimit", "2048",
          "useServerPrepStmts", "false",
          "tcpKeepAlive", "true")),
  H2(
      "h2",
      "SET TIME ZONE 'UTC'",
      "CAST(EXTRACT(EPOCH FROM CURRENT_TIMESTAMP(3)) * 1000 AS BIGINT)",
      Map.of());

  private final String schemaDirectory;
  private final String sessionSql;
  private final String nowMillis;
  private final Map<String, String> driverProperties;

  Dialect(
      String schemaDirectory,
      String sessionSql,
      String nowMillis,
      Map<String, String> driverProperties) {
    this.schemaDirectory = schemaDirectory;
    this.sessionSql = sessionSql;
    this.nowMillis = nowMillis;
    this.driverProperties = driverProperties;
  }

  public static Dialect of(String jdbcUrl) {
    return jdbcUrl.startsWith("jdbc:h2:") ? H2 : MYSQL;
  }

  /** Directory under {@code sql/} holding this database's schema files. */
  public String schemaDirectory() {
    return schemaDirectory;
  }

  /**
   * Run at every new connection. Every session runs in UTC, and Pacer reads and writes {@code
   * TIMESTAMP}s as UTC local date-times, so instants are right whatever the JVM's or the server's
   * time zone; waits for row locks are bounded.
   */
  public String sessionSql() {
    return sessionSql;
  }

  /**
   * The database's clock, epoch milliseconds, as an SQL expression: the cluster's clock for leases,
   * claims and check-ins, whatever the nodes' own clocks say.
   */
  public String nowMillis() {
    return nowMillis;
  }

  /** An insert of one key column's value that leaves an existing row as it is. */
  public String insertKeyIfAbsent(String table, String column) {
    return this == H2
        ? "MERGE INTO " + table + " (" + column + ") KEY (" + column + ") VALUES (?)"
        : "INSERT IGNORE INTO " + table + " (" + column + ") VALUES (?)";
  }

  public Map<String, String> driverProperties() {
    return driverProperties;
  }

  /**
   * An aggregate that changes whenever any row's {@code rowExpression} changes, for MySQL and
   * MariaDB: the XOR of each row's CRC32 scrambled by a multiplication modulo a prime. (An XOR of
   * plain CRC32s would not do: CRC is linear, so two rows changed the same way, say two items
   * paused at once, cancel each other out. MD5 would do, at two to four times the cost on a busy
   * server.)
   */
  public static String rowsChecksumSql(String rowExpression) {
    return "BIT_XOR(CRC32(" + rowExpression + ") * 2654435761 % 4294967291)";
  }

  /** The JDBC URL with the options Pacer relies on added where the operator did not set them. */
  public String completeUrl(String url) {
    // AUTO_SERVER lets bin/pacer open the embedded database while a node has it open.
    if (this == H2 && !url.toUpperCase(java.util.Locale.ROOT).contains(";AUTO_SERVER=")) {
      return url + ";AUTO_SERVER=TRUE";
    }
    return url;
  }
}
