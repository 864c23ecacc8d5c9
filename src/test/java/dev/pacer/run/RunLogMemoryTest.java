package dev.pacer.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.pacer.db.Database;
import dev.pacer.sync.SyncService.SyncReport;
import dev.pacer.testing.LogCapture;
import dev.pacer.testing.TestingDatabase;
import dev.pacer.testing.TestingNode;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The warning that the database's buffer pool is too small for the run log's items. */
class RunLogMemoryTest {
  @RegisterExtension static final TestingDatabase mysql = TestingDatabase.mysql();
  @RegisterExtension static final TestingDatabase h2 = TestingDatabase.h2();
  @RegisterExtension final LogCapture log = LogCapture.of(RunLogMemory.class);

  private static SyncReport read(long rows) {
    return new SyncReport(true, Math.toIntExact(rows), 0, 0, 0, 0);
  }

  @Test
  void warnsOnceWhenTheItemsNeedMoreThanThePool() throws Exception {
    long fit = poolBytes() / (64 * 1024); // four pages an item: new rows and the purge
    try (TestingNode node = TestingNode.on(mysql).build()) {
      RunLogMemory memory = memory(node);
      memory.onTick(read(fit), Duration.ZERO);
      assertThat(log.messages()).isEmpty();

      memory.onTick(read(fit + 1), Duration.ZERO);
      memory.onTick(read(fit + 2), Duration.ZERO);
      assertThat(log.messages())
          .singleElement()
          .asString()
          .contains(
              (poolBytes() >> 20) + " MiB",
              (fit + 1) + " items",
              "64 KiB an item",
              "innodb_buffer_pool_size");
    }
  }

  @Test
  void aRunLogNeverPurgedNeedsOnePageAnItem() throws Exception {
    long fit = poolBytes() / (16 * 1024);
    try (TestingNode node = TestingNode.on(mysql).set("run-log.retention", "0").build()) {
      RunLogMemory memory = memory(node);
      memory.onTick(read(fit), Duration.ZERO);
      assertThat(log.messages()).isEmpty();

      memory.onTick(read(fit + 1), Duration.ZERO);
      assertThat(log.messages()).singleElement().asString().contains("16 KiB an item");
    }
  }

  @Test
  void saysNothingOnTheEmbeddedDatabase() {
    try (TestingNode node = TestingNode.on(h2).build()) {
      memory(node).onTick(read(10_000_000), Duration.ZERO);
      assertThat(log.messages()).isEmpty();
    }
  }

  /** The sync's leader reports the items it read, so a node with too many items warns. */
  @Test
  void aNodeWithMoreItemsThanThePoolHoldsWarns() throws Exception {
    long items = poolBytes() / (64 * 1024) + 1;
    mysql.execute(
        "CREATE TABLE history (item VARCHAR(255) PRIMARY KEY, last_execution_time TIMESTAMP NOT"
            + " NULL, execution_interval INT NOT NULL, result FLOAT)");
    try (Connection connection = mysql.connection();
        PreparedStatement insert =
            connection.prepareStatement(
                "INSERT INTO history (item, last_execution_time, execution_interval)"
                    + " VALUES (?, ?, 60)")) {
      // All due at the same second tomorrow: a few groups, no runs while the test lasts.
      Timestamp tomorrow = new Timestamp((System.currentTimeMillis() / 1000 + 86_400) * 1000);
      connection.setAutoCommit(false);
      for (long i = 0; i < items; i++) {
        insert.setString(1, "item" + i);
        insert.setTimestamp(2, tomorrow);
        insert.addBatch();
      }
      insert.executeBatch();
      connection.commit();
    }
    try (TestingNode node = TestingNode.on(mysql).set("schedule.group-window", "100ms").start()) {
      await()
          .atMost(Duration.ofSeconds(60))
          .until(() -> log.messages().stream().anyMatch(m -> m.contains(items + " items")));
    }
  }

  private static RunLogMemory memory(TestingNode node) {
    return new RunLogMemory(node.get(Database.class), node.get(RunConfig.class));
  }

  private static long poolBytes() throws Exception {
    return ((Number) mysql.column("SELECT @@innodb_buffer_pool_size").get(0)).longValue();
  }
}
