package dev.pacer.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.pacer.testing.ClusterEnvironment;
import dev.pacer.testing.ProcessNode;
import dev.pacer.testing.TestingDatabase;
import java.time.Duration;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Restarting the nodes one at a time while the other runs loses no run. */
class RollingRestartIT {
  @RegisterExtension static final TestingDatabase db = TestingDatabase.mysql().withSchema();

  private static final int INTERVAL = 2;

  @Test
  void restartingEachNodeInTurnLosesNoRun() throws Exception {
    Map<String, String> environment = ClusterEnvironment.of(db, "noop");
    db.insertItems(
        INTERVAL, IntStream.range(0, 20).mapToObj(i -> "item" + i).toArray(String[]::new));
    ProcessNode a = ProcessNode.start("node-a", environment).awaitHealthy(Duration.ofSeconds(90));
    ProcessNode b = ProcessNode.start("node-b", environment).awaitHealthy(Duration.ofSeconds(90));
    try {
      awaitRuns(3);
      a.terminate(Duration.ofSeconds(30));
      a = ProcessNode.start("node-a", environment).awaitHealthy(Duration.ofSeconds(90));
      awaitRuns(3);
      b.terminate(Duration.ofSeconds(30));
      b = ProcessNode.start("node-b", environment).awaitHealthy(Duration.ofSeconds(90));
      awaitRuns(3);
    } finally {
      a.close();
      b.close();
    }

    long longestGap =
        db.count(
            "SELECT MAX(gap) FROM (SELECT TIMESTAMPDIFF(MICROSECOND, LAG(scheduled_at) OVER"
                + " (PARTITION BY item ORDER BY scheduled_at), scheduled_at) DIV 1000 gap"
                + " FROM pacer_run) g");
    System.out.println(
        "Rolling restart: longest gap between an item's slots " + longestGap + " ms");
    assertThat(longestGap).as("no slot without its run").isLessThan(2L * INTERVAL * 1000);
    assertThat(db.count("SELECT COUNT(*) FROM pacer_run WHERE outcome <> 'success'")).isZero();
  }

  /** Waits until every item ran {@code more} more times. */
  private static void awaitRuns(int more) throws Exception {
    long from = db.count("SELECT COALESCE(MAX(id), 0) FROM pacer_run");
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () ->
                db.count(
                        "SELECT COUNT(*) FROM (SELECT item FROM pacer_run WHERE id > ?"
                            + " GROUP BY item HAVING COUNT(*) >= ?) x",
                        from,
                        more)
                    == 20);
  }
}
