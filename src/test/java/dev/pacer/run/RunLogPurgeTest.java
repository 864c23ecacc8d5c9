package dev.pacer.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.pacer.run.RunRecord.Outcome;
import dev.pacer.testing.TestingDatabase;
import dev.pacer.testing.TestingNode;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Old pacer_run rows go after run-log.retention, and the last runs of items that have not run
 * since; newer ones stay.
 */
class RunLogPurgeTest {
  static final int OLD = 12_000; // more than one chunk

  @RegisterExtension static final TestingDatabase db = TestingDatabase.mysql().withSchema();

  @Test
  void theLeaderDeletesRowsOlderThanTheRetentionInChunks() throws Exception {
    Instant now = Instant.now();
    insertRuns(db, "old", now.minus(Duration.ofDays(8)), OLD);
    insertRuns(db, "recent", Instant.now().minusSeconds(1), 3);

    try (TestingNode node = TestingNode.on(db).set("run-log.retention", "20s").start()) {
      await()
          .atMost(Duration.ofSeconds(20))
          .until(() -> db.count("SELECT COUNT(*) FROM pacer_run WHERE item = 'old'") == 0);
      assertThat(db.count("SELECT COUNT(*) FROM pacer_run WHERE item = 'recent'")).isEqualTo(3);
      assertThat(db.column("SELECT item FROM pacer_last_run")).containsExactly("recent");
    }
  }

  @Test
  void zeroKeepsEverything() throws Exception {
    db.execute("DELETE FROM pacer_run");
    insertRuns(db, "ancient", Instant.now().minus(Duration.ofDays(400)), 2);
    try (TestingNode node = TestingNode.on(db).set("run-log.retention", "0s").start()) {
      assertThat(node.get(RunLogPurge.class).purge()).isZero();
    }
    assertThat(db.count("SELECT COUNT(*) FROM pacer_run")).isEqualTo(2);
  }

  /** Records {@code count} runs of the item, a second apart, the latest started at startedAt. */
  static void insertRuns(TestingDatabase db, String item, Instant startedAt, int count)
      throws SQLException {
    List<RunRecord> runs = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      Instant at = startedAt.minusSeconds(i);
      runs.add(new RunRecord(item, at, at, at, "test", 1, Outcome.SUCCESS, null, null));
    }
    try (Connection connection = db.connection()) {
      connection.setAutoCommit(false);
      RunLog.append(connection, runs);
      connection.commit();
    }
  }
}
