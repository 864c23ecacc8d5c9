package dev.pacer.history;

import static java.util.Objects.requireNonNull;

import dev.pacer.db.Database;
import dev.pacer.db.Timestamps;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/** The user's history table: Pacer reads items and writes results, never anything else. */
@Singleton
public final class HistoryTable {
  /** Rows are checked for changes in this many buckets, by a hash of the item. */
  public static final int BUCKETS = 256;

  /** A row without a name (a nullable item column) is in bucket 0. */
  private static final String BUCKET = "COALESCE(CRC32(item) % " + BUCKETS + ", 0)";

  /** Items looked up by primary key in one statement. */
  private static final int LOOKUP = 500;

  private final Database database;
  private final String table;

  @Inject
  public HistoryTable(Database database, HistoryConfig config) {
    this.database = requireNonNull(database);
    this.table = config.getTable();
  }

  public String name() {
    return table;
  }

  /**
   * Creates the table from {@code sql/history.sql} if it is absent, then checks that it has the
   * columns Pacer uses.
   */
  public void createIfAbsent() throws SQLException {
    String ddl = creationSql().replace("EXISTS history (", "EXISTS " + table + " (");
    try (Connection connection = database.connection();
        Statement statement = connection.createStatement()) {
      statement.execute(ddl);
      statement
          .executeQuery(
              "SELECT item, last_execution_time, execution_interval, result FROM "
                  + table
                  + " WHERE 1 = 0")
          .close();
    }
  }

  static String creationSql() {
    try (InputStream in = HistoryTable.class.getResourceAsStream("/sql/history.sql")) {
      if (in == null) {
        throw new IllegalStateException("sql/history.sql is missing from the classpath");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8)
          .lines()
          .filter(line -> !line.startsWith("--"))
          .reduce("", (a, b) -> a + b + "\n")
          .trim()
          .replaceAll(";$", "");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Whether {@link #checksums()} and {@link #read(Set)} can tell which rows changed. */
  public boolean detectsChanges() {
    return database.dialect().rowsChecksum("item").isPresent();
  }

  /** A checksum of some rows' scheduling columns, and how many rows there are. */
  public record Checksum(long rows, long hash) {}

  /**
   * Checksums of the scheduling columns (item, execution_interval) of the rows, per bucket of rows,
   * computed by the server in one aggregate query over the table: with 100,000 rows about 27 ms on
   * an idle server, where reading them takes several times as long. {@code last_execution_time} is
   * left out: every run changes it. A NULL item or interval (in a table that allows them) counts as
   * absent, so a row without a name changes its bucket's checksum too.
   */
  public Map<Integer, Checksum> checksums() throws SQLException {
    Map<Integer, Checksum> sums = new HashMap<>();
    try (Connection connection = database.connection();
        Statement statement = connection.createStatement();
        ResultSet result =
            statement.executeQuery(
                "SELECT "
                    + BUCKET
                    + ", COUNT(*),"
                    + database
                        .dialect()
                        .rowsChecksum("CONCAT_WS('\\0', item, execution_interval)")
                        .orElseThrow()
                    + " FROM "
                    + table
                    + " GROUP BY 1")) {
      while (result.next()) {
        sums.put(result.getInt(1), new Checksum(result.getLong(2), result.getLong(3)));
      }
    }
    return sums;
  }

  public List<HistoryRow> readAll() throws SQLException {
    return read(null);
  }

  /**
   * The rows of some buckets, or all rows if {@code buckets} is null: a scan of the table. Every
   * row is returned, those Pacer cannot schedule with their {@link HistoryRow#problem()}.
   */
  public List<HistoryRow> read(Set<Integer> buckets) throws SQLException {
    String where = buckets == null ? "" : " WHERE " + BUCKET + " IN (" + joined(buckets) + ")";
    try (Connection connection = database.connection();
        Statement statement = connection.createStatement()) {
      return HistoryRows.withoutDuplicates(rows(statement.executeQuery(select() + where)));
    }
  }

  /**
   * The rows of these items, found by primary key: a few milliseconds for a bucket's items where a
   * scan of 100,000 rows takes tens. A row found under another name (the column compares without
   * case, say) is returned as it is, once. A null among the items asks for the rows without a name.
   */
  public List<HistoryRow> readItems(List<String> items) throws SQLException {
    List<String> named = items.stream().filter(Objects::nonNull).toList();
    List<HistoryRow> rows = new ArrayList<>();
    Set<String> found = new HashSet<>();
    try (Connection connection = database.connection()) {
      for (int from = 0; from < named.size(); from += LOOKUP) {
        List<String> batch = named.subList(from, Math.min(named.size(), from + LOOKUP));
        try (PreparedStatement select =
            connection.prepareStatement(
                select() + " WHERE item IN (" + "?,".repeat(batch.size() - 1) + "?)")) {
          for (int i = 0; i < batch.size(); i++) {
            select.setString(i + 1, batch.get(i));
          }
          // All rows of a name come in one batch; a name an earlier batch found came again.
          List<HistoryRow> batchRows = rows(select.executeQuery());
          batchRows.stream().filter(row -> !found.contains(row.item())).forEach(rows::add);
          batchRows.forEach(row -> found.add(row.item()));
        }
      }
      if (named.size() < items.size()) {
        try (Statement statement = connection.createStatement()) {
          rows.addAll(rows(statement.executeQuery(select() + " WHERE item IS NULL")));
        }
      }
    }
    return HistoryRows.withoutDuplicates(rows);
  }

  private String select() {
    return "SELECT item, last_execution_time, execution_interval"
        + (detectsChanges() ? ", " + BUCKET : ", -1")
        + " FROM "
        + table;
  }

  private static List<HistoryRow> rows(ResultSet result) throws SQLException {
    List<HistoryRow> rows = new ArrayList<>();
    try (result) {
      while (result.next()) {
        rows.add(HistoryRows.read(result, result.getInt(4)));
      }
    }
    return rows;
  }

  private static String joined(Set<Integer> buckets) {
    StringBuilder text = new StringBuilder();
    for (int bucket : buckets) {
      text.append(text.length() == 0 ? "" : ",").append(bucket);
    }
    return text.length() == 0 ? "NULL" : text.toString();
  }

  public int count() throws SQLException {
    try (Connection connection = database.connection();
        Statement statement = connection.createStatement();
        ResultSet result = statement.executeQuery("SELECT COUNT(*) FROM " + table)) {
      result.next();
      return result.getInt(1);
    }
  }

  public void insert(List<HistoryRow> rows) throws SQLException {
    try (Connection connection = database.connection();
        PreparedStatement insert =
            connection.prepareStatement(
                "INSERT INTO "
                    + table
                    + " (item, last_execution_time, execution_interval) VALUES (?, ?, ?)")) {
      for (HistoryRow row : rows) {
        insert.setString(1, row.item());
        Timestamps.set(insert, 2, row.lastExecution().truncatedTo(ChronoUnit.SECONDS));
        insert.setInt(3, row.intervalSeconds());
        insert.addBatch();
      }
      insert.executeBatch();
    }
  }

  /** A run's outcome for its history row: {@code result} null for a failed run. */
  public record WriteBack(String item, Double result, Instant startedAt) {}

  /**
   * Records runs' outcomes on their rows within the caller's transaction. The start instant is
   * truncated to whole seconds, which the seed's {@code TIMESTAMP} column holds (MySQL would
   * round). A row that no longer exists is left alone. One single-table UPDATE per start second (a
   * chunk's runs mostly started within a second or two) sets each row's result by a {@code CASE} on
   * the item and finds the rows by primary key ({@code WHERE item IN}). An UPDATE joined to the
   * values as a derived table, as before 2026-12-07, made MariaDB write a temporary table to disk
   * for every statement and took the server about twice the time per row for chunks of 5 to 50 rows
   * (docs/benchmarks.md); a statement per row, three times. The names are parameters, which take
   * the item column's collation (its own comparison, which its primary key serves), whatever it is.
   */
  public void writeBack(Connection connection, List<WriteBack> writes) throws SQLException {
    // The latest of an item's outcomes, once.
    Map<String, WriteBack> byItem = new LinkedHashMap<>();
    for (WriteBack write : writes) {
      byItem.merge(write.item(), write, (a, b) -> b.startedAt().isBefore(a.startedAt()) ? a : b);
    }
    Map<Instant, List<WriteBack>> bySecond = new LinkedHashMap<>();
    for (WriteBack write : byItem.values()) {
      bySecond
          .computeIfAbsent(
              write.startedAt().truncatedTo(ChronoUnit.SECONDS), s -> new ArrayList<>())
          .add(write);
    }
    for (Map.Entry<Instant, List<WriteBack>> second : bySecond.entrySet()) {
      writeBack(connection, second.getKey(), second.getValue());
    }
  }

  /** The outcomes of runs that started in one second. */
  private void writeBack(Connection connection, Instant second, List<WriteBack> rows)
      throws SQLException {
    StringBuilder sql =
        new StringBuilder("UPDATE ").append(table).append(" SET result = CASE item");
    for (int i = 0; i < rows.size(); i++) {
      sql.append(" WHEN ? THEN ?");
    }
    sql.append(" END, last_execution_time = ? WHERE item IN (");
    for (int i = 0; i < rows.size(); i++) {
      sql.append(i == 0 ? "?" : ", ?");
    }
    sql.append(')');
    try (PreparedStatement update = connection.prepareStatement(sql.toString())) {
      int parameter = 1;
      for (WriteBack row : rows) {
        update.setString(parameter++, row.item());
        if (row.result() == null) {
          update.setNull(parameter++, java.sql.Types.FLOAT);
        } else {
          update.setDouble(parameter++, row.result());
        }
      }
      Timestamps.set(update, parameter++, second);
      for (WriteBack row : rows) {
        update.setString(parameter++, row.item());
      }
      update.executeUpdate();
    }
  }
}
