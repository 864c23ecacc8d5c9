package dev.pacer.group;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.pacer.overview.ItemOverview;
import dev.pacer.overview.ItemView;
import dev.pacer.testing.TestingCollector;
import dev.pacer.testing.TestingDatabase;
import dev.pacer.testing.TestingNode;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Scale mode: items share group triggers and keep every per-item guarantee. */
class GroupModeTest {
  @RegisterExtension static final TestingDatabase db = TestingDatabase.mysql().withSchema();

  private static final Map<String, AtomicInteger> running = new ConcurrentHashMap<>();
  private static final AtomicInteger overlaps = new AtomicInteger();

  /**
   * "fail*" items fail, "hang*" ones take 3 s ignoring interruption; others return their name's
   * length after 50 ms, counting overlaps.
   */
  private static final TestingCollector COLLECTOR =
      new TestingCollector(
          "grouped",
          item -> {
            if (item.startsWith("fail")) {
              throw new IllegalStateException("down");
            }
            AtomicInteger now = running.computeIfAbsent(item, i -> new AtomicInteger());
            if (now.incrementAndGet() > 1) {
              overlaps.incrementAndGet();
            }
            try {
              if (item.startsWith("hang")) {
                long until = System.nanoTime() + 3_000_000_000L;
                while (System.nanoTime() < until) {
                  Thread.onSpinWait(); // ignores interruption
                }
                return 0;
              }
              Thread.sleep(50);
            } finally {
              now.decrementAndGet();
            }
            return item.length();
          });

  private static TestingNode first;
  private static TestingNode second;

  @BeforeAll
  static void start() throws Exception {
    first = node("first");
    second = node("second");
  }

  private static TestingNode node(String id) throws Exception {
    return TestingNode.on(db).collector(COLLECTOR).set("node.id", id).start();
  }

  @AfterAll
  static void stop() {
    for (TestingNode node : new TestingNode[] {second, first}) {
      if (node != null) {
        node.close();
      }
    }
  }

  @BeforeEach
  void empty() throws Exception {
    db.execute("DELETE FROM history", "DELETE FROM pacer_item");
    await().until(() -> db.count("SELECT COUNT(*) FROM QRTZ_JOB_DETAILS") == 0);
    db.execute("DELETE FROM pacer_run");
  }

  @Test
  void itemsShareGroupTriggersAndEachRunsOncePerSlotWritingItsValueBack() throws Exception {
    String[] items = IntStream.range(0, 60).mapToObj(i -> "item" + i).toArray(String[]::new);
    // Overdue items start within their interval, spread by name: several phases of the 1 s
    // interval, so both nodes have groups to fire. (history's times are whole seconds: items that
    // last ran on time share one phase of a 1 s interval, and one group.)
    db.execute(
        "INSERT INTO history (item, last_execution_time, execution_interval) VALUES "
            + Arrays.stream(items)
                .map(item -> "('" + item + "', NOW() - INTERVAL 1 MINUTE, 1)")
                .collect(Collectors.joining(", ")));

    await()
        .atMost(Duration.ofSeconds(20))
        .until(
            () ->
                db.count(
                        "SELECT COUNT(*) FROM (SELECT item FROM pacer_run GROUP BY item"
                            + " HAVING COUNT(*) >= 4) x")
                    == 60);

    assertThat(db.count("SELECT COUNT(*) FROM pacer_group")).isEqualTo(60);
    long groups =
        db.count("SELECT COUNT(*) FROM QRTZ_TRIGGERS WHERE TRIGGER_GROUP = ?", GroupJobs.GROUP);
    assertThat(groups)
        .as("one group per 100 ms window of the 1 s interval: spread phases are not split")
        .isLessThanOrEqualTo(10L)
        .as("items share groups")
        .isLessThan(items.length);
    assertThat(db.count("SELECT COUNT(*) FROM history WHERE result = LENGTH(item)")).isEqualTo(60);
    assertThat(db.count("SELECT COUNT(*) FROM QRTZ_FIRED_TRIGGERS"))
        .as("each fire's end deletes its fired-trigger row (without Quartz's lock)")
        .isLessThanOrEqualTo(groups);
    assertThat(
            db.count(
                "SELECT COUNT(*) FROM (SELECT item FROM pacer_run"
                    + " GROUP BY item, scheduled_at HAVING COUNT(*) > 1) d"))
        .as("runs of one slot")
        .isZero();
    assertThat(db.column("SELECT DISTINCT node FROM pacer_run ORDER BY 1"))
        .containsExactly("first", "second");
    assertThat(overlaps).hasValue(0);

    // What operators see (status, items, metrics, dashboard) reads the groups' triggers.
    List<ItemView> views = first.get(ItemOverview.class).all();
    assertThat(views).hasSize(60).allSatisfy(view -> assertThat(view.nextRun()).isNotNull());
    // Whether a run is in flight at this moment (50 ms of each second) is chance.
    assertThat(views).extracting(ItemView::state).isSubsetOf("waiting", "running");
  }

  @Test
  void aNewItemRunsAnIntervalAfterItsLastRunNotAtItsGroupsNextFire() throws Exception {
    // Last run this second, due in 3 s: their groups' fires of this second may still be ahead.
    String[] items = IntStream.range(0, 20).mapToObj(i -> "fresh" + i).toArray(String[]::new);
    db.insertItems(3, items);

    await() // due 2-3 s from now, in a window starting at most 100 ms before
        .during(Duration.ofMillis(1500))
        .atMost(Duration.ofMillis(1900))
        .until(() -> db.count("SELECT COUNT(*) FROM pacer_run") == 0);
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> db.count("SELECT COUNT(DISTINCT item) FROM pacer_run") == items.length);
  }

  @Test
  void anUpdatedIntervalMovesTheItemWithoutOverlappingItsLastRun() throws Exception {
    db.insertItems(1, "mover");
    await().until(() -> db.count("SELECT COUNT(*) FROM pacer_run WHERE item = 'mover'") >= 2);

    db.execute("UPDATE history SET execution_interval = 2 WHERE item = 'mover'");
    await().until(() -> db.count("SELECT interval_s FROM pacer_group WHERE item = 'mover'") == 2);
    // A run of the old interval may still be in flight: the cadence counts from the next.
    long updated = db.count("SELECT MAX(id) FROM pacer_run");
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> db.count("SELECT COUNT(*) FROM pacer_run WHERE id > ?", updated) >= 1);
    long from = db.count("SELECT MAX(id) FROM pacer_run");
    await()
        .atMost(Duration.ofSeconds(15))
        .until(() -> db.count("SELECT COUNT(*) FROM pacer_run WHERE id > ?", from) >= 4);

    assertThat(
            db.column(
                "SELECT DISTINCT TIMESTAMPDIFF(MICROSECOND, LAG(scheduled_at) OVER"
                    + " (ORDER BY scheduled_at), scheduled_at) DIV 1000 FROM pacer_run"
                    + " WHERE id > ?",
                from + 1))
        .containsOnly(null, 2000L);
    assertThat(overlaps).hasValue(0);
  }

  @Test
  void pausedAndDeletedItemsLeaveTheirGroupAndEmptyGroupsGo() throws Exception {
    db.insertItems(1, "stays", "paused", "deleted");
    await().until(() -> db.count("SELECT COUNT(*) FROM pacer_run WHERE item = 'deleted'") > 0);

    db.execute("INSERT INTO pacer_item (item, paused) VALUES ('paused', 1)");
    db.execute("DELETE FROM history WHERE item = 'deleted'");
    await().until(() -> db.count("SELECT COUNT(*) FROM pacer_group WHERE item = 'deleted'") == 0);
    await().until(() -> db.count("SELECT paused + 0 FROM pacer_group WHERE item = 'paused'") == 1);
    long from = db.count("SELECT MAX(id) FROM pacer_run");
    await().until(() -> db.count("SELECT COUNT(*) FROM pacer_run WHERE id > ?", from) >= 3);

    assertThat(db.column("SELECT DISTINCT item FROM pacer_run WHERE id > ?", from + 1))
        .containsExactly("stays");

    db.execute("DELETE FROM history");
    await().until(() -> db.count("SELECT COUNT(*) FROM QRTZ_JOB_DETAILS") == 0);
  }

  @Test
  void aCollectorIgnoringItsTimeoutHoldsItsItemButNotItsGroup() throws Exception {
    db.execute("INSERT INTO pacer_item (item, timeout_ms) VALUES ('hang', 1000)");
    db.insertItems(1, "hang", "quick");

    await()
        .atMost(Duration.ofSeconds(20))
        .until(
            () ->
                db.count("SELECT COUNT(*) FROM pacer_run WHERE item = 'hang' AND error = 'timeout'")
                    >= 3);

    // The run times out at its timeout (1 s) and is recorded then; the collector, which ignores
    // that for 3 s, keeps the item from running again meanwhile, not its group.
    assertThat(
            db.count(
                "SELECT MAX(TIMESTAMPDIFF(MICROSECOND, started_at, finished_at)) DIV 1000"
                    + " FROM pacer_run WHERE item = 'hang'"))
        .isLessThan(1500);
    assertThat(
            db.count(
                "SELECT MIN(gap) FROM (SELECT TIMESTAMPDIFF(MICROSECOND, LAG(started_at) OVER"
                    + " (ORDER BY started_at), started_at) DIV 1000 gap FROM pacer_run"
                    + " WHERE item = 'hang') g"))
        .isGreaterThanOrEqualTo(3000);
    assertThat(db.count("SELECT COUNT(*) FROM pacer_run WHERE item = 'quick'"))
        .isGreaterThanOrEqualTo(6);
    assertThat(overlaps).hasValue(0);
  }

  @Test
  void failedAttemptsAreRetriedWithinTheSlot() throws Exception {
    db.execute(
        "INSERT INTO pacer_item (item, max_attempts, retry_backoff_ms) VALUES ('fail-twice', 3, 100)");
    db.insertItems(3, "fail-twice");

    await()
        .atMost(Duration.ofSeconds(15))
        .until(() -> db.count("SELECT COUNT(*) FROM pacer_run WHERE item = 'fail-twice'") >= 3);

    assertThat(
            db.column(
                "SELECT outcome FROM pacer_run WHERE item = 'fail-twice' ORDER BY id LIMIT 3"))
        .containsExactly("retry", "retry", "failure");
    assertThat(
            db.count(
                "SELECT COUNT(DISTINCT scheduled_at) FROM (SELECT scheduled_at FROM pacer_run"
                    + " WHERE item = 'fail-twice' ORDER BY id LIMIT 3) x"))
        .isEqualTo(1);
  }
}
