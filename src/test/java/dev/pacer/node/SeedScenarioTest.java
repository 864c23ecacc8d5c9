package dev.pacer.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.pacer.testing.TestingDatabase;
import dev.pacer.testing.TestingNode;
import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The requirement's own test: its 20 mock rows (interval 10), the demo collector (its
 * monitoring_task, 0-3 s per run), "just run it" and "change an interval while it runs". The seed's
 * serial loop starts runs up to tens of seconds late; here no item waits for another.
 */
class SeedScenarioTest {
  @RegisterExtension static final TestingDatabase db = TestingDatabase.mysql();

  @Test
  void runsEveryItemOnItsOwnCadenceAndPicksUpAChangedInterval() throws Exception {
    db.execute(
        "CREATE TABLE history (item VARCHAR(255) PRIMARY KEY, last_execution_time TIMESTAMP"
            + " NOT NULL, execution_interval INT NOT NULL, result FLOAT)");
    String[] items = IntStream.range(0, 20).mapToObj(i -> "item" + i).toArray(String[]::new);

    try (TestingNode node = TestingNode.on(db).set("collector.default", "demo").start()) {
      // The seed's mock data, inserted once the node is up: however long its start took, the
      // first slots (10 s after the insert) are ahead of it, as in the seed's "just run it".
      db.insertItems(10, items);
      await()
          .atMost(Duration.ofSeconds(90))
          .until(() -> db.count("SELECT COUNT(DISTINCT item) FROM pacer_run") == 20);

      db.execute("UPDATE history SET execution_interval = 4 WHERE item = 'item7'");
      await()
          .atMost(Duration.ofSeconds(90))
          .until(() -> db.count("SELECT COUNT(*) FROM pacer_run WHERE item = 'item7'") >= 5);
      await()
          .atMost(Duration.ofSeconds(90))
          .until(
              () ->
                  db.count(
                          "SELECT COUNT(*) FROM (SELECT item FROM pacer_run GROUP BY item"
                              + " HAVING COUNT(*) >= 2) x")
                      == 20);
    }

    assertThat(
            db.column(
                "SELECT CONCAT(item, ' ', outcome, ' ', COALESCE(error, '')) FROM pacer_run"
                    + " WHERE outcome <> 'success'"))
        .isEmpty();
    assertThat(db.count("SELECT COUNT(*) FROM history WHERE result NOT BETWEEN 100 AND 110"))
        .isZero();
    // Fixed rate: consecutive slots of an item are exactly one interval apart.
    assertThat(slotGaps("item3")).isNotEmpty().allMatch(gap -> gap == 10_000);
    List<Long> item7 = slotGaps("item7");
    assertThat(item7.subList(item7.size() - 3, item7.size())).containsOnly(4_000L);
    // Quartz's bookkeeping happens ahead of the slot (scheduler.fire-ahead), the run never does.
    assertThat(
            db.column(
                "SELECT CONCAT(item, ' scheduled ', scheduled_at, ' started ', started_at)"
                    + " FROM pacer_run WHERE started_at < scheduled_at"))
        .isEmpty();
    // Items never wait for each other: every run starts within a second of its slot.
    assertThat(
            db.count(
                "SELECT MAX(TIMESTAMPDIFF(MICROSECOND, scheduled_at, started_at))"
                    + " FROM pacer_run"))
        .isLessThan(1_000_000);
  }

  private static List<Long> slotGaps(String item) throws Exception {
    return db
        .column(
            "SELECT TIMESTAMPDIFF(MICROSECOND, LAG(scheduled_at) OVER (ORDER BY scheduled_at),"
                + " scheduled_at) DIV 1000 FROM pacer_run WHERE item = ? ORDER BY scheduled_at",
            item)
        .stream()
        .skip(1)
        .map(v -> ((Number) v).longValue())
        .toList();
  }
}
