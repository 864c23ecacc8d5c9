package dev.pacer.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.pacer.testing.ItemSchedules;
import dev.pacer.testing.ItemSchedules.ItemSchedule;
import dev.pacer.testing.LogCapture;
import dev.pacer.testing.TestingDatabase;
import dev.pacer.testing.TestingNode;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.List;
import org.awaitility.core.ConditionFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The default {@code sync.change-capture=auto} on a server that writes a binary log in row format
 * (as MySQL 8 does by default): the sync's leader follows the binary log, applies the rows whose
 * name or interval changed, leaves Pacer's own write-backs alone, and compares every row again when
 * the stream breaks or a statement (TRUNCATE) changed rows the log does not list.
 */
class BinlogChangeCaptureTest {
  @RegisterExtension static final TestingDatabase db = TestingDatabase.mysqlWithBinlog();
  private static final ItemSchedules schedules = ItemSchedules.on(db);
  @RegisterExtension final LogCapture syncLog = LogCapture.of(SyncService.class);

  private static TestingNode node;

  @BeforeAll
  static void startNode() throws Exception {
    node = TestingNode.on(db).set("node.id", "first").start();
  }

  @AfterAll
  static void stopNode() {
    node.close();
  }

  @BeforeEach
  void emptyTable() throws Exception {
    db.execute("DELETE FROM history", "DELETE FROM pacer_item");
    eventually().until(() -> schedules.count() == 0);
  }

  @Test
  void followsTheBinaryLogForInsertsUpdatesRenamesAndDeletes() throws Exception {
    assertThat(dumpThreads()).hasSize(1);
    db.insertItems(600, "cpu", "disk", "mem");
    awaitSchedule("cpu", 600);

    db.execute(
        "UPDATE history SET execution_interval = 300 WHERE item = 'disk'",
        "UPDATE history SET item = 'memory' WHERE item = 'mem'",
        "DELETE FROM history WHERE item = 'cpu'");

    awaitSchedule("disk", 300);
    awaitSchedule("memory", 600);
    eventually().until(() -> schedules.of("cpu") == null && schedules.of("mem") == null);
    assertThat(schedules.items()).containsExactlyInAnyOrder("disk", "memory");
  }

  @Test
  void pacersOwnWriteBacksAreNotReadAsChanges() throws Exception {
    db.insertItems(1, "a", "b", "c");
    awaitSchedule("a", 1);
    eventually().until(() -> db.count("SELECT COUNT(*) FROM pacer_run") >= 3);
    double changedTicks = changedTicks();
    long runs = db.count("SELECT COUNT(*) FROM pacer_run");

    // Each run writes its result and time back to its row: a binary log event the feed passes by.
    eventually().until(() -> db.count("SELECT COUNT(*) FROM pacer_run") >= runs + 9);

    assertThat(changedTicks()).isEqualTo(changedTicks);
    assertThat(syncLog.messages()).noneMatch(m -> m.startsWith("The binary log stream broke"));
  }

  @Test
  void aBrokenStreamIsFollowedAgainAndNoChangeIsMissed() throws Exception {
    db.insertItems(600, "web");
    awaitSchedule("web", 600);
    List<Object> before = dumpThreads();
    assertThat(before).hasSize(1);

    db.execute("KILL " + before.get(0));
    db.execute("UPDATE history SET execution_interval = 120 WHERE item = 'web'");

    awaitSchedule("web", 120);
    eventually()
        .until(
            () ->
                syncLog.messages().stream()
                    .anyMatch(m -> m.startsWith("The binary log stream broke")));
    eventually()
        .until(
            BinlogChangeCaptureTest::dumpThreads,
            threads -> threads.size() == 1 && !threads.equals(before));
  }

  @Test
  void aTruncatedTableUnschedulesEveryItem() throws Exception {
    db.insertItems(600, "x", "y");
    awaitSchedule("y", 600);

    db.execute("TRUNCATE TABLE history");

    eventually().until(() -> schedules.count() == 0);
  }

  @Test
  void onlyTheLeaderFollowsTheBinaryLogAndTheNextLeaderWhenItStops() throws Exception {
    List<Object> leaders = dumpThreads();
    assertThat(leaders).hasSize(1);
    TestingNode follower = TestingNode.on(db).set("node.id", "second").start();
    try {
      await()
          .during(Duration.ofSeconds(2))
          .atMost(Duration.ofSeconds(10))
          .until(BinlogChangeCaptureTest::dumpThreads, leaders::equals);

      node.close();
      node = follower;
      follower = null;
      db.insertItems(600, "after");

      awaitSchedule("after", 600);
      eventually()
          .until(
              BinlogChangeCaptureTest::dumpThreads,
              threads -> threads.size() == 1 && !threads.equals(leaders));
    } finally {
      if (follower != null) {
        follower.close();
      }
    }
  }

  /** The connections that read the binary log: the leader's stream. */
  private static List<Object> dumpThreads() throws Exception {
    return db.column(
        "SELECT ID FROM information_schema.PROCESSLIST WHERE COMMAND LIKE 'Binlog Dump%'");
  }

  private static double changedTicks() {
    return node.get(MeterRegistry.class)
        .get("pacer.sync.duration")
        .tag("leader", "true")
        .tag("changed", "true")
        .timer()
        .count();
  }

  private static ItemSchedule awaitSchedule(String item, int intervalSeconds) {
    return eventually()
        .until(
            () -> schedules.of(item),
            s -> s != null && s.intervalMillis() == intervalSeconds * 1000L);
  }

  private static ConditionFactory eventually() {
    return await().atMost(Duration.ofSeconds(60));
  }
}
