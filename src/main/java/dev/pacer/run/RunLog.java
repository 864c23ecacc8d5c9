package dev.pacer.run;

import dev.pacer.db.Timestamps;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code pacer_run} table, one row per run attempt, filed under the item's {@link ItemBucket}
 * (a column the database computes);
 * and {@code pacer_last_run}, each item's last attempt and its failure streak.
 */
public final class RunLog {
  private static final int ERROR_LENGTH = 1000;

  private RunLog() {}

  /**
   * Inserts the rows in one batch (a multi-row INSERT with rewriteBatchedStatements) and makes each
   * its item's last run; also used by {@code bin/benchmark run-log}.
   */
  public static void append(Connection connection, List<RunRecord> runs) throws SQLException {
    try (PreparedStatement insert =
        connection.prepareStatement(
            "INSERT INTO pacer_run (item, scheduled_at, started_at, finished_at, node, attempt,"
                + " outcome, result, error) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
      for (RunRecord run : runs) {
        setRun(insert, 1, run);
        insert.addBatch();
      }
      insert.executeBatch();
    }
    recordLast(connection, runs);
  }

  /**
   * Makes each item's latest run of the chunk its last in {@code pacer_last_run}, unless a later
   * one is there: an UPDATE of the item's row, in one batch, then an INSERT for each item that had
   * none.
   */
  private static void recordLast(Connection connection, List<RunRecord> runs) throws SQLException {
    Map<String, List<RunRecord>> byItem = new LinkedHashMap<>();
    for (RunRecord run : runs) {
      byItem.computeIfAbsent(run.item(), item -> new ArrayList<>()).add(run);
    }
    List<Last> lasts = byItem.values().stream().map(Last::of).toList();
    List<Last> missing = new ArrayList<>();
    try (PreparedStatement update =
        connection.prepareStatement(
            "UPDATE pacer_last_run SET failures = CASE WHEN ? THEN ? ELSE failures + ? END,"
                + " item = ?, scheduled_at = ?, started_at = ?, finished_at = ?, node = ?,"
                + " attempt = ?, outcome = ?, result = ?, error = ? WHERE item = ?"
                + " AND (scheduled_at < ? OR (scheduled_at = ? AND attempt < ?))")) {
      for (Last last : lasts) {
        RunRecord run = last.run();
        update.setBoolean(1, last.succeeded());
        update.setInt(2, last.failures());
        update.setInt(3, last.failures());
        setRun(update, 4, run);
        update.setString(13, run.item());
        Timestamps.set(update, 14, run.scheduledAt());
        Timestamps.set(update, 15, run.scheduledAt());
        update.setInt(16, run.attempt());
        update.addBatch();
      }
      int[] updated = update.executeBatch();
      for (int i = 0; i < updated.length; i++) {
        if (updated[i] == 0) {
          missing.add(lasts.get(i));
        }
      }
    }
    if (missing.isEmpty()) {
      return;
    }
    // An item's row is missing or holds a later run; only the first case inserts.
    try (PreparedStatement insert =
        connection.prepareStatement(
            "INSERT INTO pacer_last_run (item, scheduled_at, started_at, finished_at, node,"
                + " attempt, outcome, result, error, failures) SELECT ?, ?, ?, ?, ?, ?, ?, ?, ?,"
                + " ? FROM DUAL WHERE NOT EXISTS (SELECT 1 FROM pacer_last_run WHERE item = ?)")) {
      for (Last last : missing) {
        setRun(insert, 1, last.run());
        insert.setInt(10, last.failures());
        insert.setString(11, last.run().item());
        insert.addBatch();
      }
      insert.executeBatch();
    }
  }

  /**
   * An item's latest run of a chunk, whether a run of the chunk succeeded, and how many failed
   * after the last that did (or after the item's last run before the chunk, if none did).
   */
  private record Last(RunRecord run, boolean succeeded, int failures) {
    static Last of(List<RunRecord> runs) {
      List<RunRecord> inOrder = new ArrayList<>(runs);
      inOrder.sort(
          Comparator.comparing(RunRecord::scheduledAt).thenComparingInt(RunRecord::attempt));
      boolean succeeded = false;
      int failures = 0;
      for (RunRecord run : inOrder) {
        if (run.outcome() == RunRecord.Outcome.SUCCESS) {
          succeeded = true;
          failures = 0;
        } else {
          failures++;
        }
      }
      return new Last(inOrder.get(inOrder.size() - 1), succeeded, failures);
    }
  }

  /** Sets a run's nine columns, item to error, from parameter {@code first} on. */
  private static void setRun(PreparedStatement statement, int first, RunRecord run)
      throws SQLException {
    statement.setString(first, run.item());
    Timestamps.set(statement, first + 1, run.scheduledAt());
    Timestamps.set(statement, first + 2, run.startedAt());
    Timestamps.set(statement, first + 3, run.finishedAt());
    statement.setString(first + 4, run.node());
    statement.setInt(first + 5, run.attempt());
    statement.setString(first + 6, run.outcome().column());
    if (run.result() == null) {
      statement.setNull(first + 7, Types.DOUBLE);
    } else {
      statement.setDouble(first + 7, run.result());
    }
    statement.setString(first + 8, truncate(run.error()));
  }

  static boolean contains(Connection connection, String item, Instant slot, int attempt)
      throws SQLException {
    try (PreparedStatement select =
        connection.prepareStatement(
            "SELECT 1 FROM pacer_run WHERE item_bucket = ? AND scheduled_at = ? AND attempt = ?"
                + " AND item = ?")) {
      select.setInt(1, ItemBucket.of(item));
      Timestamps.set(select, 2, slot);
      select.setInt(3, attempt);
      select.setString(4, item);
      try (ResultSet rows = select.executeQuery()) {
        return rows.next();
      }
    }
  }

  private static String truncate(String error) {
    if (error == null || error.length() <= ERROR_LENGTH) {
      return error;
    }
    return error.substring(0, ERROR_LENGTH - 3) + "...";
  }
}
