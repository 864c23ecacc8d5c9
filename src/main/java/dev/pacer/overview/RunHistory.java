package dev.pacer.overview;

import static java.util.Objects.requireNonNull;

import dev.pacer.db.Database;
import dev.pacer.db.Timestamps;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads an item's latest runs from {@code pacer_run}, newest slot first (its last attempt first),
 * by the log's unique key (item, scheduled_at, attempt).
 */
@Singleton
public final class RunHistory {
  private static final String LATEST =
      "SELECT id, item, scheduled_at, started_at, finished_at, node, attempt, outcome, result,"
          + " error FROM pacer_run WHERE item = ? ORDER BY scheduled_at DESC, attempt DESC LIMIT ?";

  private final Database database;

  @Inject
  public RunHistory(Database database) {
    this.database = requireNonNull(database);
  }

  public List<RunView> latest(String item, int limit) throws SQLException {
    return latest(List.of(item), limit).get(item);
  }

  /** The latest runs of each item, over one connection. */
  public Map<String, List<RunView>> latest(Collection<String> items, int limit)
      throws SQLException {
    Map<String, List<RunView>> runs = new LinkedHashMap<>();
    try (Connection connection = database.connection();
        PreparedStatement select = connection.prepareStatement(LATEST)) {
      for (String item : items) {
        runs.put(item, latest(select, item, limit));
      }
    }
    return runs;
  }

  /** How many of the item's latest runs failed in a row, counting at most {@code cap}. */
  public int consecutiveFailures(String item, int cap) throws SQLException {
    int failures = 0;
    for (RunView run : latest(item, cap)) {
      if (!run.failed()) {
        break;
      }
      failures++;
    }
    return failures;
  }

  private static List<RunView> latest(PreparedStatement select, String item, int limit)
      throws SQLException {
    // The column may compare case-insensitively; an item is its exact name.
    select.setString(1, item);
    select.setInt(2, limit);
    List<RunView> runs = new ArrayList<>();
    try (ResultSet rows = select.executeQuery()) {
      while (rows.next()) {
        if (rows.getString("item").equals(item)) {
          runs.add(read(rows));
        }
      }
    }
    return runs;
  }

  static RunView read(ResultSet rows) throws SQLException {
    double result = rows.getDouble("result");
    Double value = rows.wasNull() ? null : result;
    return new RunView(
        rows.getLong("id"),
        rows.getString("item"),
        Timestamps.get(rows, "scheduled_at"),
        Timestamps.get(rows, "started_at"),
        Timestamps.get(rows, "finished_at"),
        rows.getString("node"),
        rows.getInt("attempt"),
        rows.getString("outcome"),
        value,
        rows.getString("error"));
  }
}
