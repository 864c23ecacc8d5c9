package dev.pacer.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.pacer.sync.ItemKeys;
import dev.pacer.testing.ClusterEnvironment;
import dev.pacer.testing.ProcessNode;
import dev.pacer.testing.TestingDatabase;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * kill -9 of a node while its runs are in flight: a survivor re-runs them (same slot) and takes
 * over the node's items, and no item ever runs twice at once.
 */
class NodeDeathIT {
  @RegisterExtension static final TestingDatabase db = TestingDatabase.mysql().withSchema();

  private static final int INTERVAL = 4;
  private static final List<String> ITEMS =
      IntStream.range(0, 30).mapToObj(i -> "item" + i).toList();

  @Test
  void aKilledNodesRunsAreRecoveredAndItsItemsContinueOnTheSurvivor() throws Exception {
    // The demo collector takes 0-3 s of each 4 s interval: a node always has runs in flight.
    Map<String, String> environment = ClusterEnvironment.of(db, "demo");
    Map<String, String> itemsByJob = new HashMap<>();
    ITEMS.forEach(item -> itemsByJob.put(ItemKeys.jobName(item), item));
    try (ProcessNode victim = ProcessNode.start("victim", environment);
        ProcessNode survivor = ProcessNode.start("survivor", environment)) {
      victim.awaitHealthy(Duration.ofSeconds(90));
      survivor.awaitHealthy(Duration.ofSeconds(90));
      db.insertItems(INTERVAL, ITEMS.toArray(String[]::new));
      await()
          .atMost(Duration.ofSeconds(60))
          .until(
              () -> executing("victim").size() >= 3 && runs("victim") > 10 && runs("survivor") > 0);

      victim.kill();
      Instant killed = Instant.now();
      Map<String, Long> inFlight = executing("victim");
      assertThat(inFlight).isNotEmpty();

      // Declared dead after its check-in interval (1 s) + 7.5 s; then recovered and taken over.
      await().atMost(Duration.ofSeconds(30)).until(() -> eachRecordedOnce(inFlight, itemsByJob));
      await()
          .atMost(Duration.ofSeconds(30))
          .until(
              () ->
                  db.count(
                          "SELECT COUNT(DISTINCT item) FROM pacer_run WHERE node = 'survivor'"
                              + " AND started_at > ?",
                          java.time.LocalDateTime.ofInstant(
                              killed.plusSeconds(9), java.time.ZoneOffset.UTC))
                      == ITEMS.size());

      long recoveredBySurvivor = 0;
      for (Map.Entry<String, Long> run : inFlight.entrySet()) {
        if (recordedBy(itemsByJob.get(run.getKey()), run.getValue(), "survivor")) {
          recoveredBySurvivor++;
        }
      }
      assertThat(recoveredBySurvivor).as("in-flight runs re-run on the survivor").isPositive();
      long worstGap =
          db.count(
              "SELECT MAX(gap) FROM (SELECT TIMESTAMPDIFF(MICROSECOND, LAG(started_at) OVER"
                  + " (PARTITION BY item ORDER BY started_at), started_at) DIV 1000 gap"
                  + " FROM pacer_run) g");
      System.out.printf(
          "kill -9 with %d runs in flight: %d re-run by the survivor, worst cadence gap %d ms%n",
          inFlight.size(), recoveredBySurvivor, worstGap);
      assertThat(worstGap).isLessThan((1 + 7_500 / 1000 + INTERVAL + 6) * 1000L);
    }
    assertThat(
            db.count(
                "SELECT COUNT(*) FROM pacer_run a JOIN pacer_run b ON a.item = b.item"
                    + " AND a.id < b.id AND b.started_at < a.finished_at"
                    + " AND a.started_at < b.finished_at"))
        .as("overlapping runs of one item")
        .isZero();
  }

  /** Job name to scheduled time (ms) of the runs a node has in flight. */
  private static Map<String, Long> executing(String node) throws Exception {
    Map<String, Long> runs = new HashMap<>();
    try (Connection connection = db.connection();
        Statement statement = connection.createStatement();
        ResultSet rows =
            statement.executeQuery(
                "SELECT JOB_NAME, SCHED_TIME FROM QRTZ_FIRED_TRIGGERS WHERE INSTANCE_NAME = '"
                    + node
                    + "' AND STATE = 'EXECUTING' AND JOB_GROUP = 'pacer'")) {
      while (rows.next()) {
        runs.put(rows.getString(1), rows.getLong(2));
      }
    }
    return runs;
  }

  private static long runs(String node) throws Exception {
    return db.count("SELECT COUNT(*) FROM pacer_run WHERE node = ?", node);
  }

  private static boolean eachRecordedOnce(Map<String, Long> runs, Map<String, String> itemsByJob)
      throws Exception {
    for (Map.Entry<String, Long> run : runs.entrySet()) {
      if (recorded(itemsByJob.get(run.getKey()), run.getValue()) != 1) {
        return false;
      }
    }
    return true;
  }

  private static long recorded(String item, long slotMillis) throws Exception {
    return db.count(
        "SELECT COUNT(*) FROM pacer_run WHERE item = ?"
            + " AND TIMESTAMPDIFF(MICROSECOND, '1970-01-01', scheduled_at) DIV 1000 = ?",
        item,
        slotMillis);
  }

  private static boolean recordedBy(String item, long slotMillis, String node) throws Exception {
    return db.count(
            "SELECT COUNT(*) FROM pacer_run WHERE item = ? AND node = ?"
                + " AND TIMESTAMPDIFF(MICROSECOND, '1970-01-01', scheduled_at) DIV 1000 = ?",
            item,
            node,
            slotMillis)
        == 1;
  }
}
