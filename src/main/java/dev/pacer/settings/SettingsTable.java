package dev.pacer.settings;

import static java.util.Objects.requireNonNull;

import dev.pacer.db.Database;
import dev.pacer.history.ItemNames;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * Reads and writes {@code pacer_item}. A value Pacer cannot use (an unknown misfire policy, options
 * that are not a JSON object, a negative timeout) is reported and ignored: the item keeps its
 * default.
 */
@Singleton
public final class SettingsTable {
  private static final String COLUMNS =
      "item, collector, target, options, timeout_ms, max_attempts, retry_backoff_ms,"
          + " misfire_policy, paused";

  private final Database database;

  @Inject
  public SettingsTable(Database database) {
    this.database = requireNonNull(database);
  }

  /**
   * A checksum of the whole table in one aggregate query (MySQL and MariaDB), so nodes read the
   * table only when it changed; null where the database has no such query (H2).
   */
  public Long checksum() throws SQLException {
    Optional<String> checksum =
        database
            .dialect()
            .rowsChecksum(
                // IFNULL: CONCAT_WS skips NULLs, so (NULL, 'x') would equal ('x', NULL).
                Arrays.stream(COLUMNS.split(", "))
                    .map(column -> "IFNULL(" + column + ", '\\1')")
                    .collect(Collectors.joining(", ", "CONCAT_WS('\\0', ", ")")));
    if (checksum.isEmpty()) {
      return null;
    }
    try (Connection connection = database.connection();
        Statement statement = connection.createStatement();
        ResultSet rows =
            statement.executeQuery("SELECT COUNT(*), " + checksum.get() + " FROM pacer_item")) {
      rows.next();
      return rows.getLong(1) * 0x9E3779B97F4A7C15L ^ rows.getLong(2);
    }
  }

  /** Every row, by exact item name; {@code problems} gets one line per unusable value. */
  public Map<String, ItemSettings> readAll(Consumer<String> problems) throws SQLException {
    Map<String, ItemSettings> settings = new HashMap<>();
    for (StoredSettings row : readStored()) {
      String item = ItemNames.printable(row.item());
      settings.put(
          row.item(),
          row.interpret(
              (column, problem) ->
                  problems.accept(
                      "pacer_item "
                          + item
                          + ": "
                          + column
                          + " "
                          + problem
                          + "; using the default")));
    }
    return settings;
  }

  /** Every row as stored, in item order. */
  public List<StoredSettings> readStored() throws SQLException {
    List<StoredSettings> rows = new ArrayList<>();
    try (Connection connection = database.connection();
        Statement statement = connection.createStatement();
        ResultSet result =
            statement.executeQuery("SELECT " + COLUMNS + " FROM pacer_item ORDER BY item")) {
      while (result.next()) {
        rows.add(read(result));
      }
    }
    return rows;
  }

  /** The item's row as stored, if it has one. */
  public Optional<StoredSettings> read(String item) throws SQLException {
    try (Connection connection = database.connection();
        PreparedStatement select =
            connection.prepareStatement("SELECT " + COLUMNS + " FROM pacer_item WHERE item = ?")) {
      select.setString(1, item);
      try (ResultSet result = select.executeQuery()) {
        return result.next() ? Optional.of(read(result)) : Optional.empty();
      }
    }
  }

  /** Inserts or replaces the item's row. */
  public void write(StoredSettings row) throws SQLException {
    try (Connection connection = database.connection()) {
      connection.setAutoCommit(false);
      try (PreparedStatement update =
          connection.prepareStatement(
              "UPDATE pacer_item SET collector = ?, target = ?, options = ?, timeout_ms = ?,"
                  + " max_attempts = ?, retry_backoff_ms = ?, misfire_policy = ?, paused = ?"
                  + " WHERE item = ?")) {
        bind(update, row, 1);
        update.setString(9, row.item());
        if (update.executeUpdate() == 0) {
          try (PreparedStatement insert =
              connection.prepareStatement(
                  "INSERT INTO pacer_item (collector, target, options, timeout_ms, max_attempts,"
                      + " retry_backoff_ms, misfire_policy, paused, item)"
                      + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            bind(insert, row, 1);
            insert.setString(9, row.item());
            insert.executeUpdate();
          }
        }
        connection.commit();
      } catch (SQLException | RuntimeException e) {
        connection.rollback();
        throw e;
      }
    }
  }

  /** Deletes the item's row: back to every default. */
  public boolean delete(String item) throws SQLException {
    try (Connection connection = database.connection();
        PreparedStatement delete =
            connection.prepareStatement("DELETE FROM pacer_item WHERE item = ?")) {
      delete.setString(1, item);
      return delete.executeUpdate() > 0;
    }
  }

  private static StoredSettings read(ResultSet rows) throws SQLException {
    return new StoredSettings(
        rows.getString("item"),
        rows.getString("collector"),
        rows.getString("target"),
        rows.getString("options"),
        integer(rows, "timeout_ms"),
        integer(rows, "max_attempts"),
        integer(rows, "retry_backoff_ms"),
        rows.getString("misfire_policy"),
        rows.getBoolean("paused"));
  }

  private static void bind(PreparedStatement statement, StoredSettings row, int first)
      throws SQLException {
    statement.setString(first, row.collector());
    statement.setString(first + 1, row.target());
    statement.setString(first + 2, row.options());
    setInteger(statement, first + 3, row.timeoutMs());
    setInteger(statement, first + 4, row.maxAttempts());
    setInteger(statement, first + 5, row.retryBackoffMs());
    statement.setString(first + 6, row.misfirePolicy());
    statement.setBoolean(first + 7, row.paused());
  }

  private static Integer integer(ResultSet rows, String column) throws SQLException {
    int value = rows.getInt(column);
    return rows.wasNull() ? null : value;
  }

  private static void setInteger(PreparedStatement statement, int index, Integer value)
      throws SQLException {
    if (value == null) {
      statement.setNull(index, Types.INTEGER);
    } else {
      statement.setInt(index, value);
    }
  }
}
