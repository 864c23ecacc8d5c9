package dev.pacer.db;

import java.sql.SQLException;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;

/** The embedded H2 database of a single node, the zero-setup default. */
public final class H2Dialect implements Dialect {
  H2Dialect() {}

  @Override
  public String schemaDirectory() {
    return "h2";
  }

  @Override
  public String sessionSql() {
    return "SET TIME ZONE 'UTC'";
  }

  @Override
  public String nowMillis() {
    return "CAST(EXTRACT(EPOCH FROM CURRENT_TIMESTAMP(3)) * 1000 AS BIGINT)";
  }

  /** None: the database is a file of this process (and of bin/pacer, through AUTO_SERVER). */
  @Override
  public Map<String, String> driverProperties(Duration connectTimeout, Duration socketTimeout) {
    return Map.of();
  }

  /** AUTO_SERVER lets bin/pacer open the embedded database while a node has it open. */
  @Override
  public String completeUrl(String url) {
    return url.toUpperCase(Locale.ROOT).contains(";AUTO_SERVER=") ? url : url + ";AUTO_SERVER=TRUE";
  }

  @Override
  public String insertKeyIfAbsent(String table, String column) {
    return "MERGE INTO " + table + " (" + column + ") KEY (" + column + ") VALUES (?)";
  }

  @Override
  public Optional<String> rowsChecksum(String rowExpression) {
    return Optional.empty();
  }

  /** H2 has no {@code ON DUPLICATE KEY UPDATE}. */
  @Override
  public boolean upsertsInTurn() {
    return false;
  }

  /** One node opens the embedded database: nothing to take turns with. */
  @Override
  public void exclusively(DataSource dataSource, String name, Duration wait, SqlWork work)
      throws SQLException {
    work.run();
  }
}
