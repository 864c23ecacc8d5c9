package dev.pacer.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.pacer.db.Timestamps;
import dev.pacer.testing.TestingDatabase;
import dev.pacer.testing.TestingNode;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Old pacer_run rows go after run-log.retention; newer ones stay. */
class RunLogPurgeTest {
  static final int OLD = 12_000; // more than one chunk

  @RegisterExtension static final TestingDatabase db = TestingDatabase.mysql().withSchema();

  @Test
  void theLeaderDeletesRowsOlderThanTheRetentionInChunks() throws Exception {
    Instant now = Instant.now();
    insertRuns(db, "old", now.minus(Duration.ofDays(8)), OLD);
    insertRuns(db, "recent", now.minusSeconds(1), 3);

    try (TestingNode node = TestingNode.on(db).set("run-log.retention", "20s").start()) {
      await()
          .atMost(Duration.ofSeconds(20))
          .until(() -> db.count("SELECT COUNT(*) FROM pacer_run WHERE item = 'old'") == 0);
      assertThat(db.count("SELECT COUNT(*) FROM pacer_run WHERE item = 'recent'")).isEqualTo(3);
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

  static void insertRuns(TestingDatabase db, String item, Instant startedAt, int count)
      throws SQLException {
    try (Connection connection = db.connection();
        PreparedStatement insert =
            connection.prepareStatement(
                "INSERT INTO pacer_run (item, scheduled_at, started_at, finished_at, node,"
                    + " attempt, outcome) VALUES (?, ?, ?, ?, 'test', 1, 'success')")) {
      for (int i = 0; i < count; i++) {
        Instant at = startedAt.minusSeconds(i);
        insert.setString(1, item);
        Timestamps.set(insert, 2, at);
        Timestamps.set(insert, 3, at);
        Timestamps.set(insert, 4, at);
        insert.addBatch();
      }
      insert.executeBatch();
    }
  }
}
