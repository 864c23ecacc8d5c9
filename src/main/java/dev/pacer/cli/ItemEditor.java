package dev.pacer.cli;

import static java.util.Objects.requireNonNull;

import dev.pacer.db.Database;
import dev.pacer.db.Timestamps;
import dev.pacer.history.HistoryConfig;
import dev.pacer.history.ItemNames;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLIntegrityConstraintViolationException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The operator's own changes to items: rows of the history table (add, reschedule, remove), as the
 * SQL in the README would make them, and {@code pacer_item.paused}. The nodes' sync applies them
 * within a sync interval; nothing here touches Quartz.
 */
@Singleton
final class ItemEditor {
  private final Database database;
  private final String table;
  private final Clock clock;

  @Inject
  ItemEditor(Database database, HistoryConfig history, Clock clock) {
    this.database = requireNonNull(database);
    this.table = history.getTable();
    this.clock = requireNonNull(clock);
  }

  /** Adds an item whose first run is due one interval from now, as the seed's inserts are. */
  Instant add(String item, int seconds) throws SQLException {
    Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
    try (Connection connection = database.connection();
        PreparedStatement insert =
            connection.prepareStatement(
                "INSERT INTO "
                    + table
                    + " (item, last_execution_time, execution_interval) VALUES (?, ?, ?)")) {
      insert.setString(1, item);
      Timestamps.set(insert, 2, now);
      insert.setInt(3, seconds);
      insert.executeUpdate();
    } catch (SQLIntegrityConstraintViolationException e) {
      throw new CliException("item '" + ItemNames.printable(item) + "' exists already");
    }
    return now.plusSeconds(seconds);
  }

  /**
   * @return the interval it had
   */
  int reschedule(String item, int seconds) throws SQLException {
    int before = interval(item);
    update("UPDATE " + table + " SET execution_interval = ? WHERE item = ?", seconds, item);
    return before;
  }

  void remove(String item) throws SQLException {
    interval(item);
    try (Connection connection = database.connection();
        PreparedStatement delete =
            connection.prepareStatement("DELETE FROM " + table + " WHERE item = ?")) {
      delete.setString(1, item);
      delete.executeUpdate();
    }
  }

  void pause(String item, boolean paused) throws SQLException {
    interval(item);
    if (update("UPDATE pacer_item SET paused = ? WHERE item = ?", paused ? 1 : 0, item) == 0
        && paused) {
      insertSettings(List.of(item), paused);
    }
  }

  /**
   * @return how many items there are
   */
  int pauseAll(boolean paused) throws SQLException {
    List<String> items = new ArrayList<>();
    Set<String> withSettings = new HashSet<>();
    try (Connection connection = database.connection();
        Statement statement = connection.createStatement()) {
      try (ResultSet rows = statement.executeQuery("SELECT item FROM " + table)) {
        while (rows.next()) {
          items.add(rows.getString(1));
        }
      }
      try (ResultSet rows = statement.executeQuery("SELECT item FROM pacer_item")) {
        while (rows.next()) {
          withSettings.add(rows.getString(1));
        }
      }
      statement.executeUpdate("UPDATE pacer_item SET paused = " + (paused ? 1 : 0));
    }
    if (paused) {
      insertSettings(items.stream().filter(i -> !withSettings.contains(i)).toList(), true);
    }
    return items.size();
  }

  /** The item's interval; fails naming the item if the history table has no row of that name. */
  int interval(String item) throws SQLException {
    try (Connection connection = database.connection();
        PreparedStatement select =
            connection.prepareStatement(
                "SELECT item, execution_interval FROM " + table + " WHERE item = ?")) {
      select.setString(1, item);
      try (ResultSet rows = select.executeQuery()) {
        // A case-insensitive column finds 'Item' for 'item'; an item is its exact name.
        while (rows.next()) {
          if (rows.getString(1).equals(item)) {
            return rows.getInt(2);
          }
        }
      }
    }
    throw new CliException("unknown item '" + ItemNames.printable(item) + "'");
  }

  private void insertSettings(List<String> items, boolean paused) throws SQLException {
    try (Connection connection = database.connection();
        PreparedStatement insert =
            connection.prepareStatement("INSERT INTO pacer_item (item, paused) VALUES (?, ?)")) {
      for (String item : items) {
        insert.setString(1, item);
        insert.setBoolean(2, paused);
        insert.addBatch();
      }
      insert.executeBatch();
    }
  }

  private int update(String sql, int value, String item) throws SQLException {
    try (Connection connection = database.connection();
        PreparedStatement update = connection.prepareStatement(sql)) {
      update.setInt(1, value);
      update.setString(2, item);
      return update.executeUpdate();
    }
  }
}
