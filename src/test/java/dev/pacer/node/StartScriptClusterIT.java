package dev.pacer.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.pacer.testing.ClusterEnvironment;
import dev.pacer.testing.ProcessNode;
import dev.pacer.testing.TestingDatabase;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Nodes started with bin/start.sh on one MySQL database form a cluster. */
class StartScriptClusterIT {
  @RegisterExtension static final TestingDatabase db = TestingDatabase.mysql();

  @Test
  void twoNodesShareTheItemsAndAStoppedNodeLeavesTheCluster() throws Exception {
    Map<String, String> environment = new HashMap<>(ClusterEnvironment.of(db, "noop"));
    // Four workers take four triggers at a time: one node cannot grab every slot.
    environment.put("PACER_SCHEDULER_THREADS", "4");
    try (ProcessNode a = ProcessNode.start("node-a", environment);
        ProcessNode b = ProcessNode.start("node-b", environment)) {
      a.awaitHealthy(Duration.ofSeconds(90));
      b.awaitHealthy(Duration.ofSeconds(90));
      db.insertItems(1, IntStream.range(0, 20).mapToObj(i -> "item" + i).toArray(String[]::new));

      await()
          .atMost(Duration.ofSeconds(30))
          .until(() -> db.count("SELECT COUNT(DISTINCT node) FROM pacer_run") == 2);
      assertThat(db.column("SELECT instance_name FROM QRTZ_SCHEDULER_STATE ORDER BY 1"))
          .containsExactly("node-a", "node-b");

      a.terminate(Duration.ofSeconds(20));
      assertThat(db.column("SELECT instance_name FROM QRTZ_SCHEDULER_STATE"))
          .containsExactly("node-b");
      long lastId = db.count("SELECT MAX(id) FROM pacer_run");
      // The stopped node handed back the triggers it had acquired: no wait for a timeout.
      await()
          .atMost(Duration.ofSeconds(5))
          .until(
              () ->
                  db.count("SELECT COUNT(DISTINCT item) FROM pacer_run WHERE id > ?", lastId)
                      == 20);
      assertThat(db.column("SELECT DISTINCT node FROM pacer_run WHERE id > ?", lastId))
          .containsExactly("node-b");
    }
    assertThat(
            db.count(
                "SELECT COUNT(*) FROM (SELECT item, scheduled_at FROM pacer_run"
                    + " GROUP BY item, scheduled_at HAVING COUNT(*) > 1) d"))
        .isZero();
  }
}
