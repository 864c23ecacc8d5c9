package dev.pacer.run;

import dev.pacer.db.Timestamps;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.List;

/** The {@code pacer_run} table: one row per run attempt. */
final class RunLog {
  private static final int ERROR_LENGTH = 1000;

  private RunLog() {}

  /** Inserts the rows in one batch (a multi-row INSERT with rewriteBatchedStatements). */
  static void append(Connection connection, List<RunRecord> runs) throws SQLException {
    try (PreparedStatement insert =
        connection.prepareStatement(
            "INSERT INTO pacer_run (item, scheduled_at, started_at, finished_at, node, attempt,"
                + " outcome, result, error) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
      for (RunRecord run : runs) {
        insert.setString(1, run.item());
        Timestamps.set(insert, 2, run.scheduledAt());
        Timestamps.set(insert, 3, run.startedAt());
        Timestamps.set(insert, 4, run.finishedAt());
        insert.setString(5, run.node());
        insert.setInt(6, run.attempt());
        insert.setString(7, run.outcome().column());
        if (run.result() == null) {
          insert.setNull(8, Types.DOUBLE);
        } else {
          insert.setDouble(8, run.result());
        }
        insert.setString(9, truncate(run.error()));
        insert.addBatch();
      }
      insert.executeBatch();
    }
  }

  static boolean contains(Connection connection, String item, Instant slot, int attempt)
      throws SQLException {
    try (PreparedStatement select =
        connection.prepareStatement(
            "SELECT 1 FROM pacer_run WHERE item = ? AND scheduled_at = ? AND attempt = ?")) {
      select.setString(1, item);
      Timestamps.set(select, 2, slot);
      select.setInt(3, attempt);
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
