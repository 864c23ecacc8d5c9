package dev.pacer.group;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.pacer.settings.MisfirePolicy;
import dev.pacer.sync.ItemJobs.Plan;
import dev.pacer.sync.ItemKeys;
import dev.pacer.sync.SyncService;
import dev.pacer.testing.TestingDatabase;
import dev.pacer.testing.TestingNode;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Items that join their groups after the groups' fire at their first slot (at 100,000 items the
 * sync writes members for seconds while slots pass) run once each, for their own first slot, soon,
 * by one one-shot fire per group and change, not one Quartz trigger per item: a trigger each made a
 * backlog of 17,000 one-shots that Quartz's lock worked off at a few hundred a second.
 */
class LateMembersTest {
  @RegisterExtension static final TestingDatabase db = TestingDatabase.mysql().withSchema();

  private static final int EACH = 1_000;

  @Test
  void membersThatJoinAfterTheirSlotRunOnceEachForItByAFewFires() throws Exception {
    try (TestingNode node =
        TestingNode.on(db).set("sync.interval", "1h").set("sync.max-lag", "2h").start()) {
      SyncService sync = node.get(SyncService.class);
      await().until(sync::leading);
      // Both batches last ran at T and run every 60 s: their first slot is T + 60 s, two seconds
      // from now. The first is scheduled now, makes the groups and runs at that slot.
      Instant lastRun =
          Instant.ofEpochSecond(
              ((Number) db.column("SELECT UNIX_TIMESTAMP() - 58").get(0)).longValue());
      Instant slot = lastRun.plusSeconds(60);
      insert("early", lastRun);
      sync.tick();
      await()
          .atMost(Duration.ofSeconds(60))
          .until(() -> db.count("SELECT COUNT(*) FROM pacer_run WHERE item LIKE 'early%'") == EACH);

      // The second joins after that fire, as a slow tick would have it.
      insert("late", lastRun);
      GroupJobs groups = node.get(GroupJobs.class);
      groups.change(
          IntStream.range(0, EACH)
              .mapToObj(
                  i ->
                      new Plan(
                          "late" + i,
                          ItemKeys.jobName("late" + i),
                          60,
                          MisfirePolicy.RUN_ONCE,
                          false,
                          slot))
              .toList());
      groups.applied(); // the end of the tick
      AtomicLong mostOneShots = new AtomicLong();
      await()
          .atMost(Duration.ofSeconds(60))
          .pollInterval(Duration.ofMillis(50))
          .until(
              () -> {
                mostOneShots.accumulateAndGet(
                    db.count(
                        "SELECT COUNT(*) FROM QRTZ_TRIGGERS WHERE TRIGGER_GROUP = 'pacer-retry'"),
                    Math::max);
                return db.count("SELECT COUNT(*) FROM pacer_run WHERE item LIKE 'late%'") == EACH;
              });

      assertThat(
              db.count(
                  "SELECT COUNT(*) FROM pacer_run WHERE item LIKE 'late%'"
                      + " AND scheduled_at = FROM_UNIXTIME(?)",
                  slot.getEpochSecond()))
          .as("each late item ran for its own first slot")
          .isEqualTo(EACH);
      assertThat(mostOneShots.get())
          .as("one-shot triggers at once: one per group, not one per item")
          .isLessThanOrEqualTo(Placement.SHARDS); // the groups of their phase
    }
    assertThat(
            db.count(
                "SELECT COUNT(*) FROM (SELECT item FROM pacer_run GROUP BY item, scheduled_at"
                    + " HAVING COUNT(*) > 1) twice"))
        .as("slots run twice")
        .isZero();
  }

  private static void insert(String prefix, Instant lastRun) throws Exception {
    try (Connection connection = db.connection();
        PreparedStatement insert =
            connection.prepareStatement(
                "INSERT INTO history (item, last_execution_time, execution_interval)"
                    + " VALUES (?, FROM_UNIXTIME(?), 60)")) {
      connection.setAutoCommit(false);
      for (int i = 0; i < EACH; i++) {
        insert.setString(1, prefix + i);
        insert.setLong(2, lastRun.getEpochSecond());
        insert.addBatch();
      }
      insert.executeBatch();
      connection.commit();
    }
  }
}
