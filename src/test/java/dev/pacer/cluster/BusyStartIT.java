package dev.pacer.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pacer.testing.ClusterEnvironment;
import dev.pacer.testing.ExecutionLog;
import dev.pacer.testing.ProcessNode;
import dev.pacer.testing.TestingDatabase;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two nodes started together on items slower than their interval: no item ever runs twice at once,
 * judged from what the collection script itself logged. Under MariaDB's default REPEATABLE READ,
 * Quartz's misfire handler rewrote triggers another node had just acquired from a stale snapshot
 * and unblocked items whose runs were in flight: dozens of overlapping executions a minute.
 */
class BusyStartIT {
  @RegisterExtension static final TestingDatabase db = TestingDatabase.mysql().withSchema();

  private static final int[] SECONDS = {1, 3, 5, 15};
  private static final int ITEMS = 120;

  @TempDir Path directory;

  @Test
  void slowItemsNeverOverlapThemselves() throws Exception {
    db.clearItemsAndScheduler();
    db.execute("DELETE FROM pacer_item");
    ExecutionLog executions = ExecutionLog.in(directory);
    Map<String, String> environment = new HashMap<>(ClusterEnvironment.of(db, "command"));
    environment.put("PACER_SHUTDOWN_GRACE", "1s");
    List<String> items = new ArrayList<>();
    for (int seconds : SECONDS) {
      environment.put(
          "PACER_COLLECTOR_COMMAND_S" + seconds + "_COMMAND", executions.command(seconds));
    }
    for (int i = 0; i < ITEMS; i++) {
      int seconds = SECONDS[i % SECONDS.length];
      String item = "it" + i + "_" + seconds;
      items.add(item);
      db.execute(
          "INSERT INTO pacer_item (item, collector, target, timeout_ms) VALUES ('"
              + item
              + "', 'command', 's"
              + seconds
              + "', 30000)");
    }
    // Due at once: both nodes start into a backlog of 120 items every second.
    db.insertItems(1, items.toArray(String[]::new));
    try (ProcessNode a = ProcessNode.start("node-a", environment);
        ProcessNode b = ProcessNode.start("node-b", environment)) {
      a.awaitUp(Duration.ofSeconds(90));
      b.awaitUp(Duration.ofSeconds(90));
      Thread.sleep(Duration.ofSeconds(60).toMillis()); // the load itself is what is tested
      // Stopped gracefully: their collections are interrupted and their scripts killed.
      a.terminate(Duration.ofSeconds(30));
      b.terminate(Duration.ofSeconds(30));
    }
    List<String> overlaps = executions.overlaps();
    long recordedOverlaps =
        db.count(
            "SELECT COUNT(*) FROM pacer_run x JOIN pacer_run y ON x.item = y.item"
                + " AND x.id < y.id AND y.started_at < x.finished_at"
                + " AND x.started_at < y.finished_at");
    System.out.printf(
        "%d executions, %d overlapping pairs executed, %d recorded%n",
        executions.executions().size(), overlaps.size(), recordedOverlaps);
    assertThat(executions.executions()).hasSizeGreaterThan(ITEMS);
    assertThat(overlaps).as("overlapping executions").isEmpty();
    assertThat(recordedOverlaps).as("overlapping runs in pacer_run").isZero();
    assertThat(executions.slotsCollectedTwice()).isEmpty();
  }
}
