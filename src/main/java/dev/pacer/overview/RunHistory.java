package dev.pacer.overview;

import static java.util.Objects.requireNonNull;

import dev.pacer.db.Database;
import dev.pacer.db.Timestamps;
import dev.pacer.run.ItemBucket;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads an item's latest runs from {@code pacer_run}, newest slot first (its last attempt first),
 * by the log's unique key (item_bucket, scheduled_at, attempt, item): backwards through the runs of
 * the item's bucket, about 1/512 of the log. Its failure streak is in {@code pacer_last_run}.
 */
@Singleton
public final class RunHistory {
  /**
   * The ids come from the key alone: the server checks {@code item} there for each of the bucket's
   * runs it steps over (about 200 per slot at 100,000 items) and reads only the rows it keeps,
   * where a plain query read every row it stepped over (MariaDB pushes no condition into a
   * backwards index scan), most of them from disk.
   */
  private static final String LATEST =
      "SELECT r.id, r.item, r.scheduled_at, r.started_at, r.finished_at, r.node, r.attempt,"
          + " r.outcome, r.result, r.error FROM (SELECT id FROM pacer_run WHERE item_bucket = ?"
          + " AND item = ? ORDER BY scheduled_at DESC, attempt DESC LIMIT ?) l"
          + " JOIN pacer_run r ON r.id = l.id ORDER BY r.scheduled_at DESC, r.attempt DESC";

  /** Items looked up in {@code pacer_last_run} per statement. */
  private static final int LOOKUP_CHUNK = 500;

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

  /** How many of the item's latest runs failed in a row. */
  public int consecutiveFailures(String item) throws SQLException {
    try (Connection connection = database.connection();
        PreparedStatement select =
            connection.prepareStatement("SELECT failures FROM pacer_last_run WHERE item = ?")) {
      select.setString(1, item);
      try (ResultSet rows = select.executeQuery()) {
        return rows.next() ? rows.getInt(1) : 0;
      }
    }
  }

  /**
   * The latest run of each of the items that has one, from {@code pacer_last_run} by its primary
   * key: a page of the dashboard costs one statement, not one per item.
   */
  public Map<String, LastRun> lastRuns(Collection<String> items) throws SQLException {
    List<String> names = List.copyOf(new LinkedHashSet<>(items));
    Map<String, LastRun> last = new HashMap<>();
    try (Connection connection = database.connection()) {
      for (int from = 0; from < names.size(); from += LOOKUP_CHUNK) {
        List<String> chunk = names.subList(from, Math.min(names.size(), from + LOOKUP_CHUNK));
        Set<String> wanted = new HashSet<>(chunk);
        try (PreparedStatement select =
            connection.prepareStatement(
                "SELECT item, scheduled_at, started_at, finished_at, node, attempt, outcome,"
                    + " result, error, failures FROM pacer_last_run WHERE item IN ("
                    + String.join(", ", Collections.nCopies(chunk.size(), "?"))
                    + ")")) {
          for (int i = 0; i < chunk.size(); i++) {
            select.setString(i + 1, chunk.get(i));
          }
          try (ResultSet rows = select.executeQuery()) {
            while (rows.next()) {
              LastRun run = readLast(rows);
              // The column may compare case-insensitively; an item is its exact name.
              if (wanted.contains(run.item())) {
                last.put(run.item(), run);
              }
            }
          }
        }
      }
    }
    return last;
  }

  private static LastRun readLast(ResultSet rows) throws SQLException {
    double result = rows.getDouble("result");
    Double value = rows.wasNull() ? null : result;
    return new LastRun(
        rows.getString("item"),
        Timestamps.get(rows, "scheduled_at"),
        Timestamps.get(rows, "started_at"),
        Timestamps.get(rows, "finished_at"),
        rows.getString("node"),
        rows.getInt("attempt"),
        rows.getString("outcome"),
        value,
        rows.getString("error"),
        rows.getInt("failures"));
  }

  private static List<RunView> latest(PreparedStatement select, String item, int limit)
      throws SQLException {
    // The column may compare case-insensitively; an item is its exact name.
    select.setInt(1, ItemBucket.of(item));
    select.setString(2, item);
    select.setInt(3, limit);
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

  private static RunView read(ResultSet rows) throws SQLException {
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
