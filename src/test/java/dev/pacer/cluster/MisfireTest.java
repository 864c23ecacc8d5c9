package dev.pacer.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.pacer.testing.TestingCollector;
import dev.pacer.testing.TestingDatabase;
import dev.pacer.testing.TestingNode;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.TreeMap;
import java.util.stream.IntStream;
import org.awaitility.core.ConditionFactory;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Late runs follow the misfire policy. The cluster's downtime is simulated the way it leaves the
 * database: every trigger's next fire time stands in the past.
 */
class MisfireTest {
  @RegisterExtension static final TestingDatabase db = TestingDatabase.mysql().withSchema();

  @BeforeEach
  void empty() throws Exception {
    db.clearItemsAndScheduler();
    db.execute("DELETE FROM pacer_item");
  }

  @Test
  void aBacklogAfterTwoMinutesDownIsWorkedOffSpreadOverTheInterval() throws Exception {
    int items = 1_000;
    // Ten phases, a second apart, as items that last ran at different times have them.
    scheduleThenStop(
        10,
        IntStream.range(0, items).mapToObj(i -> "item" + i).toList(),
        "UPDATE history SET last_execution_time = last_execution_time"
            + " - INTERVAL (CAST(SUBSTRING(item, 5) AS UNSIGNED) % 10) SECOND");
    shiftDueTimes(130_000); // the whole cluster was down for two minutes

    Instant restart = Instant.now();
    try (TestingNode node = TestingNode.on(db).start()) {
      // A thousand late runs, each a transaction, while the ones that ran keep their cadence: a
      // few seconds on an idle machine, 90 s measured with the machine's two cores shared by
      // twenty runnable processes. The deadline only stops a test that hangs.
      await()
          .atMost(Duration.ofMinutes(10))
          .until(() -> db.count("SELECT COUNT(DISTINCT item) FROM pacer_run") == items);
    }

    TreeMap<Long, Long> perSecond = new TreeMap<>();
    for (Object started :
        db.column(
            "SELECT MIN(TIMESTAMPDIFF(MICROSECOND, '1970-01-01', started_at)) DIV 1000"
                + " FROM pacer_run GROUP BY item")) {
      long second = (((Number) started).longValue() - restart.toEpochMilli()) / 1000;
      perSecond.merge(second, 1L, Long::sum);
    }
    System.out.println("First runs after restart, per second: " + perSecond);
    assertThat(perSecond.lastKey() - perSecond.firstKey())
        .as("spread over the interval")
        .isGreaterThanOrEqualTo(8);
    assertThat(perSecond.values()).as("no burst").allMatch(n -> n <= items / 10 * 3);
  }

  @Test
  void skipWaitsForTheNextSlotOfTheItemsPhase() throws Exception {
    db.execute("INSERT INTO pacer_item (item, misfire_policy) VALUES ('skipper', 'skip')");
    scheduleThenStop(10, List.of("skipper"));
    long phase = nextFireMillis() % 10_000;
    shiftDueTimes(30_000);

    Instant restart = Instant.now();
    try (TestingNode node = TestingNode.on(db).start()) {
      eventually().until(() -> db.count("SELECT COUNT(*) FROM pacer_run") >= 1);
    }

    long scheduled = scheduledMillis().get(0);
    assertThat(scheduled).isGreaterThanOrEqualTo(restart.toEpochMilli());
    assertThat(scheduled % 10_000).as("same phase").isEqualTo(phase);
  }

  @Test
  void catchUpRunsEveryMissedSlot() throws Exception {
    db.execute("INSERT INTO pacer_item (item, misfire_policy) VALUES ('catcher', 'catch-up')");
    scheduleThenStop(10, List.of("catcher"));
    long next = nextFireMillis();
    shiftDueTimes(30_000); // the three slots before its next were missed

    try (TestingNode node = TestingNode.on(db).start()) {
      eventually().until(() -> db.count("SELECT COUNT(*) FROM pacer_run") >= 3);
    }

    // Counted from the slot it had, not from the restart: a slow start misses more slots, and
    // catch-up runs those too.
    List<Long> missed = scheduledMillis().stream().filter(t -> t < next).toList();
    assertThat(missed).containsExactly(next - 30_000, next - 20_000, next - 10_000);
  }

  @Test
  void aRunSlowerThanItsIntervalNeverOverlapsItselfAndIsFollowedByOneRun() throws Exception {
    TestingCollector slow =
        new TestingCollector(
            "slow",
            item -> {
              Thread.sleep(2_500);
              return 1;
            });
    db.insertItems(1, "slow-item");
    try (TestingNode node = TestingNode.on(db).collector(slow).start()) {
      eventually().until(() -> db.count("SELECT COUNT(*) FROM pacer_run") >= 4);
    }

    assertThat(
            db.count(
                "SELECT COUNT(*) FROM pacer_run a JOIN pacer_run b ON a.id < b.id"
                    + " AND b.started_at < a.finished_at"))
        .as("overlapping runs")
        .isZero();
    List<Long> scheduled = scheduledMillis();
    for (int i = 1; i < scheduled.size(); i++) {
      long gap = scheduled.get(i) - scheduled.get(i - 1);
      assertThat(gap)
          .as("one run per 2.5 s run, not one per missed slot")
          .isGreaterThanOrEqualTo(2_000);
    }
  }

  private static void scheduleThenStop(int interval, List<String> items, String... then)
      throws Exception {
    db.insertItems(interval, items.toArray(String[]::new));
    if (then.length > 0) {
      db.execute(then);
    }
    try (TestingNode node = TestingNode.on(db).start()) {
      eventually().until(() -> db.count("SELECT COUNT(*) FROM pacer_group") == items.size());
    }
    db.execute("DELETE FROM pacer_run");
  }

  /**
   * Moves every item's next slot back by whole intervals, keeping its phase: its group's trigger,
   * and the slot before which the item does not run (its first).
   */
  private static void shiftDueTimes(long millis) throws Exception {
    db.execute(
        "UPDATE QRTZ_TRIGGERS SET NEXT_FIRE_TIME = NEXT_FIRE_TIME - "
            + millis
            + ", START_TIME = START_TIME - "
            + millis
            + " WHERE TRIGGER_GROUP = 'pacer-group'",
        "UPDATE pacer_group SET not_before = not_before - " + millis);
  }

  private static long nextFireMillis() throws Exception {
    return db.count(
        "SELECT MIN(NEXT_FIRE_TIME) FROM QRTZ_TRIGGERS WHERE TRIGGER_GROUP = 'pacer-group'");
  }

  private static List<Long> scheduledMillis() throws Exception {
    return db
        .column(
            "SELECT TIMESTAMPDIFF(MICROSECOND, '1970-01-01', scheduled_at) DIV 1000 FROM pacer_run"
                + " ORDER BY scheduled_at")
        .stream()
        .map(v -> ((Number) v).longValue())
        .toList();
  }

  /**
   * Waits for a condition as long as a loaded machine may need (another build, two busy cores): the
   * condition, not the deadline, is what the test is about.
   */
  private static ConditionFactory eventually() {
    return await().atMost(Duration.ofSeconds(90));
  }
}
