package dev.pacer.db;

import java.util.Map;

/**
 * What differs between MySQL/MariaDB and the embedded H2: the schema files and how a session is
 * pinned to UTC. Everything else Pacer sends is plain SQL both understand.
 */
public enum Dialect {
  MYSQL(
      "mysql",
      "SET time_zone = '+00:00'",
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
  H2("h2", "SET TIME ZONE 'UTC'", Map.of());

  private final String schemaDirectory;
  private final String utcSessionSql;
  private final Map<String, String> driverProperties;

  Dialect(String schemaDirectory, String utcSessionSql, Map<String, String> driverProperties) {
    this.schemaDirectory = schemaDirectory;
    this.utcSessionSql = utcSessionSql;
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
   * Every connection's session runs in UTC, and Pacer reads and writes {@code TIMESTAMP}s as UTC
   * local date-times, so instants are right whatever the JVM's or the server's time zone.
   */
  public String utcSessionSql() {
    return utcSessionSql;
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
