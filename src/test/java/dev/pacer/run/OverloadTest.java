package dev.pacer.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.pacer.testing.LogCapture;
import dev.pacer.testing.TestingDatabase;
import dev.pacer.testing.TestingNode;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A node that cannot keep up says so: runs held back 4 s (another session holds Quartz's lock, as a
 * swamped database would) start late, and the node logs one WARN naming it, is not ready until it
 * keeps up again, then logs that once.
 */
class OverloadTest {
  @RegisterExtension static final TestingDatabase db = TestingDatabase.mysql().withSchema();
  @RegisterExtension final LogCapture log = LogCapture.of(Overload.class);

  @Test
  void runsStartingLateAreOneWarningAndNotReadyUntilTheyAreOnTimeAgain() throws Exception {
    // Overdue, so that the node spreads them over the second by name: held back, each phase's fire
    // is a misfire of its own (items of one phase would make only as many as it has shards).
    for (int i = 0; i < 10; i++) {
      db.execute(
          "INSERT INTO history (item, last_execution_time, execution_interval)"
              + " VALUES ('busy"
              + i
              + "', NOW() - INTERVAL 1 MINUTE, 1)");
    }
    try (TestingNode node = TestingNode.on(db).start()) {
      await().until(() -> db.count("SELECT COUNT(DISTINCT item) FROM pacer_run") == 10);
      assertThat(node.http("/health/ready").statusCode()).isEqualTo(200);

      try (Connection holder = db.connection();
          Statement statement = holder.createStatement()) {
        holder.setAutoCommit(false);
        statement.executeQuery(
            "SELECT * FROM QRTZ_LOCKS WHERE LOCK_NAME = 'TRIGGER_ACCESS' FOR UPDATE");
        Thread.sleep(4_000); // what is tested: nothing fires meanwhile
        holder.commit();
      }

      await()
          .atMost(Duration.ofSeconds(20))
          .until(() -> log.messages().stream().anyMatch(m -> m.contains("does not keep up")));
      assertThat(node.http("/health/ready").body()).contains("misfire.threshold late");
      await()
          .atMost(Duration.ofSeconds(30))
          .until(() -> log.messages().stream().anyMatch(m -> m.contains("keeps up again")));
      assertThat(node.http("/health/ready").statusCode()).isEqualTo(200);
      assertThat(log.messages().stream().filter(m -> m.contains("does not keep up"))).hasSize(1);
    }
  }
}
