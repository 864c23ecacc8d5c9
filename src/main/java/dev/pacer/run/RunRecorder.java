package dev.pacer.run;

import static java.util.Objects.requireNonNull;

import dev.pacer.db.Database;
import dev.pacer.db.DatabaseWatch;
import dev.pacer.history.HistoryTable;
import dev.pacer.history.HistoryTable.WriteBack;
import dev.pacer.history.ItemNames;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Appends a run attempt to the run log and, if it decides its slot, writes the result back to the
 * item's history row, in one commit.
 */
@Singleton
public final class RunRecorder {
  private static final int CHUNK = 500;
  private static final Logger log = LoggerFactory.getLogger(RunRecorder.class);

  private final Database database;
  private final HistoryTable history;
  private final DatabaseWatch watch;

  @Inject
  public RunRecorder(Database database, HistoryTable history, DatabaseWatch watch) {
    this.database = requireNonNull(database);
    this.history = requireNonNull(history);
    this.watch = requireNonNull(watch);
  }

  public boolean isRecorded(String item, Instant slot, int attempt) throws SQLException {
    try (Connection connection = database.connection()) {
      return RunLog.contains(connection, item, slot, attempt);
    }
  }

  /**
   * @param lastExecution the slot's {@code last_execution_time}, or null when another attempt
   *     follows and history is not written yet
   */
  public void record(RunRecord run, Instant lastExecution) throws SQLException {
    recordChunk(List.of(new ItemRunner.Ran(run, lastExecution, null)));
  }

  /**
   * Records many runs (scale mode) in transactions of {@value #CHUNK}: one batched UPDATE of
   * history and one multi-row INSERT into the run log each. A chunk the database refuses is
   * recorded run by run, so one bad row costs only itself.
   *
   * @return how many runs could not be recorded
   */
  public int recordAll(List<ItemRunner.Ran> runs) {
    int failed = 0;
    for (int from = 0; from < runs.size(); from += CHUNK) {
      List<ItemRunner.Ran> chunk = runs.subList(from, Math.min(runs.size(), from + CHUNK));
      try {
        recordChunk(chunk);
      } catch (SQLException chunkFailed) {
        if (Database.lostConnection(chunkFailed)) {
          failed += chunk.size(); // no use trying each run: each would wait for a connection
          watch.unrecorded(chunk.size(), chunkFailed);
          continue;
        }
        for (ItemRunner.Ran ran : chunk) {
          try {
            recordChunk(List.of(ran));
          } catch (SQLException e) {
            failed++;
            notRecorded(ran.run().item(), e);
          }
        }
      }
    }
    return failed;
  }

  /**
   * Reports a run the database did not take: a line of its own if the database refused it, else a
   * count for the end of the outage ({@link DatabaseWatch#unrecorded}).
   */
  void notRecorded(String item, SQLException error) {
    if (Database.lostConnection(error)) {
      watch.unrecorded(1, error);
    } else {
      log.error(
          "Run of {} could not be recorded: {}", ItemNames.printable(item), Database.reason(error));
    }
  }

  private void recordChunk(List<ItemRunner.Ran> runs) throws SQLException {
    List<WriteBack> writes = new ArrayList<>();
    for (ItemRunner.Ran ran : runs) {
      if (ran.lastExecution() != null) {
        writes.add(new WriteBack(ran.run().item(), ran.run().result(), ran.lastExecution()));
      }
    }
    try (Connection connection = database.connection()) {
      connection.setAutoCommit(false);
      try {
        if (!writes.isEmpty()) {
          history.writeBack(connection, writes);
        }
        RunLog.append(connection, runs.stream().map(ItemRunner.Ran::run).toList());
        connection.commit();
      } catch (SQLException | RuntimeException e) {
        connection.rollback();
        throw e;
      }
    }
  }
}
