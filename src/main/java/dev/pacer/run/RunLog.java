package dev.pacer.run;

import dev.pacer.db.Dialect;
import dev.pacer.db.Timestamps;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The {@code pacer_run} table, one row per run attempt, filed under the item's {@link ItemBucket}
 * (a column the database computes); and {@code pacer_last_run}, each item's last attempt and its
 * failure streak.
 */
public final class RunLog {
  private static final int ERROR_LENGTH = 1000;

  private static final String LAST_COLUMNS =
      "item, scheduled_at, started_at, finished_at, node, attempt, outcome, result, error,"
          + " failures";

  /**
   * MySQL assigns left to right, each assignment seeing the ones before it: the guard reads the old
   * slot and attempt, so these two come last, and the slot is the greater of the two.
   */
  private static final String NEWER =
      "(VALUES(scheduled_at) > scheduled_at"
          + " OR (VALUES(scheduled_at) = scheduled_at AND VALUES(attempt) > attempt))";

  private static final String INSERT_LAST =
      "INSERT INTO pacer_last_run (" + LAST_COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";

  private static final String UPSERT_LAST =
      INSERT_LAST
          + " ON DUPLICATE KEY UPDATE failures = IF("
          + NEWER
          + ", IF(VALUES(failures) = 0, 0, failures + 1), failures),"
          + Stream.of("started_at", "finished_at", "node", "outcome", "result", "error", "attempt")
              .map(
                  column ->
                      " " + column + " = IF(" + NEWER + ", VALUES(" + column + "), " + column + ")")
              .collect(Collectors.joining(","))
          + ", scheduled_at = GREATEST(scheduled_at, VALUES(scheduled_at))";

  private static final String UPDATE_LAST =
      "UPDATE pacer_last_run SET ("
          + LAST_COLUMNS
          + ") = (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) WHERE item = ?";

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
    recordLast(
        connection,
        runs.stream().filter(run -> run.outcome() != RunRecord.Outcome.ABANDONED).toList());
  }

  /**
   * Records attempts another node gave up when it lost its lease (outcome {@code abandoned}), in
   * the run log only; one already there is left as it is.
   */
  static void appendAbandoned(Connection connection, List<RunRecord> runs) throws SQLException {
    for (RunRecord run : runs) {
      if (!contains(connection, run.item(), run.scheduledAt(), run.attempt())) {
        try {
          append(connection, List.of(run));
        } catch (java.sql.SQLIntegrityConstraintViolationException e) {
          // recorded meanwhile
        }
      }
    }
  }

  /** An item's last recorded attempt, as {@code pacer_last_run} holds it. */
  public record Last(Instant slot, int attempt, RunRecord.Outcome outcome) {
    /** Whether it settles its slot: a success or a failure with no attempt to follow. */
    boolean finalOutcome() {
      return outcome == RunRecord.Outcome.SUCCESS || outcome == RunRecord.Outcome.FAILURE;
    }
  }

  /** The last recorded attempt of each of the items that has one. */
  public static java.util.Map<String, Last> latest(Connection connection, List<String> items)
      throws SQLException {
    java.util.Map<String, Last> latest = new java.util.HashMap<>();
    for (int from = 0; from < items.size(); from += 500) {
      List<String> chunk = items.subList(from, Math.min(items.size(), from + 500));
      try (PreparedStatement select =
          connection.prepareStatement(
              "SELECT item, scheduled_at, attempt, outcome FROM pacer_last_run WHERE item IN ("
                  + String.join(", ", java.util.Collections.nCopies(chunk.size(), "?"))
                  + ")")) {
        for (int i = 0; i < chunk.size(); i++) {
          select.setString(i + 1, chunk.get(i));
        }
        try (ResultSet rows = select.executeQuery()) {
          while (rows.next()) {
            String item = rows.getString(1);
            if (chunk.contains(item)) {
              latest.put(
                  item,
                  new Last(
                      Timestamps.get(rows, "scheduled_at"),
                      rows.getInt(3),
                      RunRecord.Outcome.of(rows.getString(4))));
            }
          }
        }
      }
    }
    return latest;
  }

  /**
   * Makes each run its item's last in {@code pacer_last_run} unless a later one is there, in the
   * order given. On MySQL one multi-row INSERT ... ON DUPLICATE KEY UPDATE, which applies the rows
   * of one item in turn: a statement per run would double what recording a run costs the server. On
   * H2 a read of the item's row, then an UPDATE or INSERT.
   */
  private static void recordLast(Connection connection, List<RunRecord> runs) throws SQLException {
    if (Dialect.of(connection.getMetaData().getURL()).upsertsInTurn()) {
      try (PreparedStatement upsert = connection.prepareStatement(UPSERT_LAST)) {
        for (RunRecord run : runs) {
          setRun(upsert, 1, run);
          upsert.setInt(10, run.outcome() == RunRecord.Outcome.SUCCESS ? 0 : 1);
          upsert.addBatch();
        }
        upsert.executeBatch();
      }
      return;
    }
    // H2 reads the item's row first: it answers a repeated INSERT ... WHERE NOT EXISTS from a
    // stale result within a transaction.
    try (PreparedStatement select =
            connection.prepareStatement(
                "SELECT scheduled_at, attempt, failures FROM pacer_last_run WHERE item = ?"
                    + " FOR UPDATE");
        PreparedStatement update = connection.prepareStatement(UPDATE_LAST);
        PreparedStatement insert = connection.prepareStatement(INSERT_LAST)) {
      for (RunRecord run : runs) {
        select.setString(1, run.item());
        boolean success = run.outcome() == RunRecord.Outcome.SUCCESS;
        try (ResultSet row = select.executeQuery()) {
          if (!row.next()) {
            setRun(insert, 1, run);
            insert.setInt(10, success ? 0 : 1);
            insert.executeUpdate();
          } else if (isAfter(run, Timestamps.get(row, "scheduled_at"), row.getInt("attempt"))) {
            setRun(update, 1, run);
            update.setInt(10, success ? 0 : row.getInt("failures") + 1);
            update.setString(11, run.item());
            update.executeUpdate();
          }
        }
      }
    }
  }

  private static boolean isAfter(RunRecord run, Instant slot, int attempt) {
    return run.scheduledAt().isAfter(slot)
        || (run.scheduledAt().equals(slot) && run.attempt() > attempt);
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
