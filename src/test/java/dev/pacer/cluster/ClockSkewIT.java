package dev.pacer.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.pacer.testing.ClockShift;
import dev.pacer.testing.ClusterEnvironment;
import dev.pacer.testing.ExecutionLog;
import dev.pacer.testing.ProcessNode;
import dev.pacer.testing.TestingDatabase;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A node whose clock jumps 10 s ahead (or behind) while it runs ({@link ClockShift}): it notices at
 * once, says so in its log, /health and /metrics, fences itself and runs nothing; the other node
 * runs every item and is never taken for dead; nothing is written in the future; once the clock is
 * right again the node rejoins. Judged from what the collection script logged.
 */
class ClockSkewIT {
  @RegisterExtension static final TestingDatabase db = TestingDatabase.mysql().withSchema();

  private static final int INTERVAL = 2;
  private static final int ITEMS = 12;

  @TempDir Path directory;

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"+10s", "-10s"})
  void aNodeWithAWrongClockRunsNothingUntilItIsFixed(String offset) throws Exception {
    db.clearItemsAndScheduler();
    db.execute("DELETE FROM pacer_item", "DELETE FROM pacer_claim", "DELETE FROM pacer_member");
    ExecutionLog executions = ExecutionLog.in(directory);
    Map<String, String> environment = new HashMap<>(ClusterEnvironment.of(db, "command"));
    environment.put("PACER_SHUTDOWN_GRACE", "1s");
    environment.put("PACER_COLLECTOR_COMMAND_QUICK_COMMAND", executions.command(0.3));
    ClockShift clock = ClockShift.in(directory);
    Map<String, String> skewed = new HashMap<>(environment);
    skewed.putAll(clock.environment());
    List<String> items = new ArrayList<>();
    for (int i = 0; i < ITEMS; i++) {
      items.add("clock" + i);
      db.execute("INSERT INTO pacer_item (item, target) VALUES ('clock" + i + "', 'quick')");
    }
    try (ProcessNode a = ProcessNode.start("node-a", environment);
        ProcessNode b = ProcessNode.start("node-b", skewed)) {
      a.awaitHealthy(Duration.ofSeconds(90));
      b.awaitHealthy(Duration.ofSeconds(90));
      db.insertItems(INTERVAL, items.toArray(String[]::new));
      await().atMost(Duration.ofSeconds(60)).until(() -> ran("node-a") > 0 && ran("node-b") > 0);

      clock.shift(Duration.ofSeconds(Long.parseLong(offset.replace("s", "").replace("+", ""))));
      await()
          .atMost(Duration.ofSeconds(15))
          .until(() -> b.output().contains("its clock is") && b.health() == 503);
      Instant fenced = Instant.now();
      String metrics = b.get("/metrics");
      String health = b.get("/health");
      // It runs nothing now; the other node runs every item.
      long fromB = ran("node-b");
      await()
          .atMost(Duration.ofSeconds(30))
          .until(
              () ->
                  db.count(
                          "SELECT COUNT(DISTINCT item) FROM pacer_run WHERE node = 'node-a'"
                              + " AND started_at > UTC_TIMESTAMP(3) - INTERVAL 4 SECOND")
                      == ITEMS);
      Thread.sleep(5_000);
      assertThat(ran("node-b")).as("runs of the node with the wrong clock").isEqualTo(fromB);

      clock.shift(Duration.ZERO);
      await()
          .atMost(Duration.ofSeconds(30))
          .until(() -> b.output().contains("rejoined the cluster") && b.health() == 200);
      Thread.sleep(5_000);
      a.terminate(Duration.ofSeconds(30));
      b.terminate(Duration.ofSeconds(30));

      System.out.printf(
          "%s: fenced after %s; %d executions%n",
          offset, Duration.between(fenced, Instant.now()), executions.executions().size());
      assertThat(health).contains("unhealthy").contains("clock");
      assertThat(metrics)
          .containsPattern(
              "pacer_clock_skew_seconds\\S* " + (offset.startsWith("-") ? "-" : "") + "(9|10)\\.");
      assertThat(b.output()).doesNotContain("recovered by another instance");
      // node-b ran nothing while fenced, and node-a may say so; it must also say when b is back.
      if (a.output().contains("node node-b stopped checking in")) {
        assertThat(a.output()).contains("RESOLVED node node-b checks in again");
      }
    }
    assertThat(executions.overlaps()).as("overlapping executions").isEmpty();
    assertThat(executions.slotsCollectedTwice()).as("slots collected twice").isEmpty();
    assertThat(
            db.count(
                "SELECT COUNT(*) FROM pacer_run WHERE started_at > UTC_TIMESTAMP(3)"
                    + " OR scheduled_at > UTC_TIMESTAMP(3)"))
        .as("runs recorded in the future")
        .isZero();
    assertThat(
            db.count(
                "SELECT COUNT(*) FROM history WHERE last_execution_time >"
                    + " CURRENT_TIMESTAMP + INTERVAL 1 SECOND"))
        .as("history written in the future")
        .isZero();
  }

  /**
   * The runs a node recorded: not the attempts it gave up when it fenced itself, which the node
   * that took them over records as {@code abandoned} under its name.
   */
  private static long ran(String node) throws Exception {
    return db.count(
        "SELECT COUNT(*) FROM pacer_run WHERE node = ? AND outcome <> 'abandoned'", node);
  }
}
