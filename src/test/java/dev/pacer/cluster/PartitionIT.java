package dev.pacer.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.pacer.testing.ClusterEnvironment;
import dev.pacer.testing.ExecutionLog;
import dev.pacer.testing.ProcessNode;
import dev.pacer.testing.TestingDatabase;
import dev.pacer.testing.TestingProxy;
import dev.pacer.testing.TestingServer;
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
 * One of two nodes cut off from the database while it lives, each node behind its own proxy:
 * connections closed (the database or its network refuses), or a black hole (packets dropped,
 * connections left open, the database keeping the cut node's sessions). The cut node fences itself
 * and abandons its collections before its lease lapses; the other takes its items over, keeps
 * syncing, and the cut node rejoins cleanly. Judged from what the collection script logged: no item
 * ever runs twice at once, and every item keeps its cadence.
 */
class PartitionIT {
  @RegisterExtension static final TestingDatabase db = TestingDatabase.mysql().withSchema();

  private static final int INTERVAL = 2;
  private static final double[] SECONDS = {0.5, 1, 3, 5};
  private static final int ITEMS = 24;
  private static final Duration CUT = Duration.ofSeconds(20);

  @TempDir Path directory;

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"closed", "blackhole"})
  void aNodeCutOffFencesItselfAndItsItemsMoveWithoutOverlap(String how) throws Exception {
    db.clearItemsAndScheduler();
    db.execute("DELETE FROM pacer_item", "DELETE FROM pacer_claim", "DELETE FROM pacer_member");
    ExecutionLog executions = ExecutionLog.in(directory);
    List<String> items = new ArrayList<>();
    for (int i = 0; i < ITEMS; i++) {
      double seconds = SECONDS[i % SECONDS.length];
      String item = "cut" + i;
      items.add(item);
      db.execute(
          "INSERT INTO pacer_item (item, collector, target, timeout_ms) VALUES ('"
              + item
              + "', 'command', 's"
              + i % SECONDS.length
              + "', 10000)");
    }
    Map<String, String> environment = new HashMap<>(ClusterEnvironment.of(db, "command"));
    environment.put("PACER_SHUTDOWN_GRACE", "1s");
    environment.put("PACER_DB_CONNECT_TIMEOUT", "1s");
    for (int i = 0; i < SECONDS.length; i++) {
      environment.put("PACER_COLLECTOR_COMMAND_S" + i + "_COMMAND", executions.command(SECONDS[i]));
    }
    TestingServer server = TestingServer.get();
    try (TestingProxy toA = new TestingProxy(server.host(), server.port());
        TestingProxy toB = new TestingProxy(server.host(), server.port());
        ProcessNode a = ProcessNode.start("node-a", through(environment, toA));
        ProcessNode b = ProcessNode.start("node-b", through(environment, toB))) {
      a.awaitHealthy(Duration.ofSeconds(90));
      b.awaitHealthy(Duration.ofSeconds(90));
      db.insertItems(INTERVAL, items.toArray(String[]::new));
      await()
          .atMost(Duration.ofSeconds(60))
          .until(() -> ran("node-a") >= 10 && ran("node-b") >= 10);

      if (how.equals("closed")) {
        toA.cut();
      } else {
        toA.blackhole();
      }
      Instant cut = Instant.now();
      await()
          .atMost(Duration.ofSeconds(15))
          .until(() -> a.output().contains("fenced itself") && a.health() == 503);
      long fencedAfter = Duration.between(cut, Instant.now()).toMillis();
      // The other node syncs on: an item added during the cut runs.
      db.insertItems(INTERVAL, "added-during-cut");
      Instant added = Instant.now();
      await()
          .atMost(Duration.ofSeconds(20))
          .until(
              () -> db.count("SELECT COUNT(*) FROM pacer_run WHERE item = 'added-during-cut'") > 0);
      long addedRanAfter = Duration.between(added, Instant.now()).toMillis();
      // And runs every item.
      java.time.LocalDateTime since =
          java.time.LocalDateTime.ofInstant(cut, java.time.ZoneOffset.UTC);
      await()
          .atMost(Duration.ofSeconds(30))
          .until(
              () ->
                  db.count(
                          "SELECT COUNT(DISTINCT item) FROM pacer_run WHERE node = 'node-b'"
                              + " AND item LIKE 'cut%' AND started_at > ?",
                          since)
                      == ITEMS);
      long takenOverAfter = Duration.between(cut, Instant.now()).toMillis();
      Thread.sleep(Math.max(0, CUT.minus(Duration.between(cut, Instant.now())).toMillis()));

      toA.restore();
      Instant restored = Instant.now();
      await()
          .atMost(Duration.ofSeconds(30))
          .until(() -> a.output().contains("rejoined the cluster") && a.health() == 200);
      await()
          .atMost(Duration.ofSeconds(30))
          .until(
              () ->
                  db.count(
                          "SELECT COUNT(*) FROM pacer_run WHERE node = 'node-a' AND started_at > ?",
                          java.time.LocalDateTime.ofInstant(restored, java.time.ZoneOffset.UTC))
                      > 0);
      Thread.sleep(10_000); // the cluster after the cut is what is tested
      a.terminate(Duration.ofSeconds(30));
      b.terminate(Duration.ofSeconds(30));

      System.out.printf(
          "%s: node-a fenced %d ms after the cut (at %d), node-b ran every item %d ms after it,"
              + " an item added during the cut ran %d ms after its INSERT, restored at %d;"
              + " %d executions; widest gap: %s%n",
          how,
          fencedAfter,
          cut.toEpochMilli(),
          takenOverAfter,
          addedRanAfter,
          restored.toEpochMilli(),
          executions.executions().size(),
          executions.widestGap(items));
      assertThat(a.output()).doesNotContain("recovered by another instance");
      assertThat(b.output()).doesNotContain("recovered by another instance");
      assertThat(fencedAfter).isLessThan(8_000); // before its lease (8 s) lapses
    }
    assertThat(executions.overlaps()).as("overlapping executions").isEmpty();
    assertThat(executions.slotsCollectedTwice()).as("slots collected twice").isEmpty();
    assertThat(
            db.count(
                "SELECT COUNT(*) FROM pacer_run x JOIN pacer_run y ON x.item = y.item"
                    + " AND x.id < y.id AND y.started_at < x.finished_at"
                    + " AND x.started_at < y.finished_at AND x.outcome <> 'abandoned'"
                    + " AND y.outcome <> 'abandoned'"))
        .as("overlapping runs in pacer_run")
        .isZero();
    ExecutionLog.Gap widest = executions.widestGap(items);
    assertThat(widest.length())
        .as("the longest wait between two executions of an item: %s", widest)
        .isLessThan(Duration.ofSeconds(INTERVAL + 15));
  }

  private static Map<String, String> through(Map<String, String> environment, TestingProxy proxy) {
    Map<String, String> copy = new HashMap<>(environment);
    copy.put("PACER_DB_URL", "jdbc:mysql://127.0.0.1:" + proxy.port() + "/" + db.name());
    return copy;
  }

  private static long ran(String node) throws Exception {
    return db.count("SELECT COUNT(*) FROM pacer_run WHERE node = ?", node);
  }
}
