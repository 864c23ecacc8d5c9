package dev.pacer.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.pacer.testing.TestingCollector;
import dev.pacer.testing.TestingDatabase;
import dev.pacer.testing.TestingNode;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Two nodes on one database share the items; each run happens once, never overlapping itself. */
class ClusterTest {
  @RegisterExtension static final TestingDatabase db = TestingDatabase.mysql();

  private static final int ITEMS = 40;
  private final Map<String, AtomicInteger> running = new ConcurrentHashMap<>();
  private final AtomicInteger overlaps = new AtomicInteger();

  /** Takes 0.2-0.9 s of a 1 s interval and counts runs of an item that overlap. */
  private final TestingCollector tracking =
      new TestingCollector(
          "tracking",
          item -> {
            AtomicInteger now = running.computeIfAbsent(item, i -> new AtomicInteger());
            if (now.incrementAndGet() > 1) {
              overlaps.incrementAndGet();
            }
            try {
              Thread.sleep(ThreadLocalRandom.current().nextLong(200, 900));
            } finally {
              now.decrementAndGet();
            }
            return 1;
          });

  @Test
  void twoNodesShareItemsWithoutDuplicateOrOverlappingRuns() throws Exception {
    try (TestingNode first =
            TestingNode.on(db).set("node.id", "first").collector(tracking).start();
        TestingNode second =
            TestingNode.on(db).set("node.id", "second").collector(tracking).start()) {
      // Overdue items start within their interval, spread by name: several groups for the nodes
      // to share (history's times are whole seconds, and items that last ran on time share one
      // phase of a 1 s interval, fired by one node at a time).
      db.execute(
          "INSERT INTO history (item, last_execution_time, execution_interval) VALUES "
              + IntStream.range(0, ITEMS)
                  .mapToObj(i -> "('item" + i + "', NOW() - INTERVAL 1 MINUTE, 1)")
                  .collect(Collectors.joining(", ")));

      await()
          .atMost(Duration.ofSeconds(40))
          .until(
              () ->
                  db.count(
                          "SELECT COUNT(*) FROM (SELECT item FROM pacer_run GROUP BY item"
                              + " HAVING COUNT(*) >= 8) x")
                      == ITEMS);
    }

    assertThat(overlaps).hasValue(0);
    assertThat(
            db.count(
                "SELECT COUNT(*) FROM (SELECT item, scheduled_at FROM pacer_run"
                    + " GROUP BY item, scheduled_at HAVING COUNT(*) > 1) d"))
        .as("runs of one slot")
        .isZero();
    assertThat(
            db.count(
                "SELECT COUNT(*) FROM pacer_run a JOIN pacer_run b ON a.item = b.item"
                    + " AND a.id < b.id AND b.started_at < a.finished_at AND a.started_at < b.finished_at"))
        .as("overlapping runs in the run log")
        .isZero();
    assertThat(db.column("SELECT DISTINCT node FROM pacer_run ORDER BY node"))
        .containsExactly("first", "second");
    assertThat(
            db.column(
                "SELECT CONCAT(item, ' ', scheduled_at, ' ', node, ' ', outcome, ' ',"
                    + " COALESCE(error, '')) FROM pacer_run WHERE outcome <> 'success'"))
        .isEmpty();
  }
}
