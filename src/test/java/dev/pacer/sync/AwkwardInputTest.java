package dev.pacer.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.pacer.testing.ItemSchedules;
import dev.pacer.testing.TestingCollector;
import dev.pacer.testing.TestingDatabase;
import dev.pacer.testing.TestingNode;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Rows the history table accepts but a scheduler might not expect; each harms no other item. */
class AwkwardInputTest {
  @RegisterExtension static final TestingDatabase db = TestingDatabase.mysql().withSchema();
  private static final ItemSchedules schedules = ItemSchedules.on(db);

  private static final CountDownLatch slowRunStarted = new CountDownLatch(1);
  private static final TestingCollector COLLECTOR =
      new TestingCollector(
          "awkward",
          item -> {
            if (item.equals("deleted-while-running")) {
              slowRunStarted.countDown();
              Thread.sleep(1_500);
            }
            return item.length();
          });

  private static TestingNode node;

  @BeforeAll
  static void start() throws Exception {
    node = TestingNode.on(db).collector(COLLECTOR).start();
  }

  @AfterAll
  static void stop() {
    node.close();
  }

  @BeforeEach
  void empty() throws Exception {
    db.execute("DELETE FROM history");
    await().until(() -> schedules.count() == 0);
    db.execute("DELETE FROM pacer_run");
  }

  @Test
  void tenThousandRowsInOneTransactionAreScheduledWhileOtherItemsKeepRunning() throws Exception {
    db.insertItems(1, "steady");
    await().until(() -> db.count("SELECT COUNT(*) FROM pacer_run") > 0);

    Instant inserted = Instant.now();
    try (Connection connection = db.connection();
        PreparedStatement insert =
            connection.prepareStatement(
                "INSERT INTO history (item, last_execution_time, execution_interval)"
                    + " VALUES (?, NOW(), 3600)")) {
      connection.setAutoCommit(false);
      for (int i = 0; i < 10_000; i++) {
        insert.setString(1, "bulk-" + i);
        insert.addBatch();
      }
      insert.executeBatch();
      connection.commit();
    }
    await().atMost(Duration.ofMinutes(3)).until(() -> schedules.count() == 10_001);
    Duration took = Duration.between(inserted, Instant.now());

    long worstLateness =
        db.count(
            "SELECT MAX(TIMESTAMPDIFF(MICROSECOND, scheduled_at, started_at)) DIV 1000"
                + " FROM pacer_run WHERE item = 'steady'");
    System.out.printf(
        "10,000 rows scheduled in %d ms; meanwhile 'steady' started at most %d ms late%n",
        took.toMillis(), worstLateness);
    assertThat(worstLateness).as("the other item kept its cadence").isLessThan(3_000);
    db.execute("DELETE FROM history WHERE item LIKE 'bulk-%'");
    await().atMost(Duration.ofMinutes(3)).until(() -> schedules.items().equals(List.of("steady")));
  }

  @Test
  void aRowDeletedWhileItsRunIsInFlightEndsCleanly() throws Exception {
    db.insertItems(1, "deleted-while-running", "neighbour");
    assertThat(slowRunStarted.await(15, TimeUnit.SECONDS)).isTrue();

    db.execute("DELETE FROM history WHERE item = 'deleted-while-running'");

    await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () ->
                db.count("SELECT COUNT(*) FROM pacer_run WHERE item = 'deleted-while-running'")
                    == 1);
    await().until(() -> schedules.items().equals(List.of("neighbour")));
    long neighbourRuns = db.count("SELECT COUNT(*) FROM pacer_run WHERE item = 'neighbour'");
    await()
        .until(
            () ->
                db.count("SELECT COUNT(*) FROM pacer_run WHERE item = 'neighbour'")
                    > neighbourRuns + 2);
    assertThat(db.column("SELECT outcome FROM pacer_run WHERE item = 'deleted-while-running'"))
        .containsExactly("success");
    assertThat(db.count("SELECT COUNT(*) FROM pacer_run WHERE item = 'deleted-while-running'"))
        .as("no run after the delete")
        .isEqualTo(1);
    assertThat(db.count("SELECT COUNT(*) FROM history")).isEqualTo(1);
  }

  @Test
  void aTrailingSpaceNameIsWrittenBackToItsOwnRow() throws Exception {
    db.insertItems(1, "cpu ", "mem");

    await().until(() -> db.column("SELECT result FROM history WHERE item = 'cpu '").get(0) != null);

    // "cpu " is four characters; the collector returns the length it was given.
    assertThat(
            ((Number) db.column("SELECT result FROM history WHERE item = 'cpu '").get(0))
                .intValue())
        .isEqualTo(4);
    assertThat(
            db.column(
                "SELECT CONCAT('[', item, ']') FROM pacer_run WHERE item LIKE 'cpu%' LIMIT 1"))
        .containsExactly("[cpu ]");
  }
}
