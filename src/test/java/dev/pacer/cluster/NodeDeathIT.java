package dev.pacer.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pacer.testing.ClusterEnvironment;
import dev.pacer.testing.ProcessNode;
import dev.pacer.testing.TestingDatabase;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
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

  @Test
  void aKilledNodesRunsAreRecoveredAndItsItemsContinueOnTheSurvivor() throws Exception {
    int count = 120;
    db.clearItemsAndScheduler();
    List<String> items = IntStream.range(0, count).mapToObj(i -> "item" + i).toList();
    // The demo collector takes 0-3 s of each 4 s interval: a node always has runs in flight.
    Map<String, String> environment = new HashMap<>(ClusterEnvironment.of(db, "demo"));
    try (ProcessNode a = ProcessNode.start("node-a", environment);
        ProcessNode b = ProcessNode.start("node-b", environment)) {
      a.awaitHealthy(Duration.ofSeconds(90));
      b.awaitHealthy(Duration.ofSeconds(90));
      db.insertItems(INTERVAL, items.toArray(String[]::new));
      // Quartz does not share the triggers evenly (a node acquires every due trigger it can), so
      // the victim is whichever node first has runs in flight while both have run some.
      ProcessNode victim =
          await().atMost(Duration.ofSeconds(60)).until(() -> victim(a, b), node -> node != null);
      String survivor = victim == a ? b.id() : a.id();

      victim.kill();
      Instant killed = Instant.now();
      List<Run> inFlight = executing(victim.id());
      assertThat(inFlight).isNotEmpty();

      // Its lease lapses 8 s after its last renewal; the survivor then takes its claims over
      // within a second and runs those attempts again.
      await().atMost(Duration.ofSeconds(30)).until(() -> eachRecordedOnce(inFlight));
      await()
          .atMost(Duration.ofSeconds(30))
          .until(
              () ->
                  db.count(
                          "SELECT COUNT(DISTINCT item) FROM pacer_run WHERE node = ?"
                              + " AND started_at > ?",
                          survivor,
                          java.time.LocalDateTime.ofInstant(
                              killed.plusSeconds(9), java.time.ZoneOffset.UTC))
                      == items.size());

      long recoveredBySurvivor = 0;
      for (Run run : inFlight) {
        if (recordedBy(run, survivor)) {
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
      assertThat(worstGap).isLessThan((8 + 1 + INTERVAL + 6) * 1000L);
    }
    assertThat(
            db.count(
                "SELECT COUNT(*) FROM pacer_run a JOIN pacer_run b ON a.item = b.item"
                    + " AND a.id < b.id AND b.started_at < a.finished_at"
                    + " AND a.started_at < b.finished_at AND a.outcome <> 'abandoned'"
                    + " AND b.outcome <> 'abandoned'"))
        .as("overlapping runs of one item")
        .isZero();
  }

  /**
   * The node with at least 3 runs in flight and more than 10 done, the other with some: or null.
   */
  private static ProcessNode victim(ProcessNode a, ProcessNode b) throws Exception {
    for (ProcessNode node : List.of(a, b)) {
      ProcessNode other = node == a ? b : a;
      if (executing(node.id()).size() >= 3 && runs(node.id()) > 10 && runs(other.id()) > 0) {
        return node;
      }
    }
    return null;
  }

  private static final ObjectMapper JSON = new ObjectMapper();

  /** A run in flight: an item and its slot (epoch ms). */
  private record Run(String item, long slotMillis) {}

  /**
   * The runs a node has in flight: its items' own claims, and the members of its groups' fires that
   * are not yet recorded.
   */
  private static List<Run> executing(String node) throws Exception {
    List<Run> runs = new ArrayList<>();
    try (Connection connection = db.connection();
        PreparedStatement select =
            connection.prepareStatement(
                "SELECT item, slot FROM pacer_claim WHERE owner = ? AND token IS NOT NULL"
                    + " UNION ALL SELECT members, slot FROM pacer_fire WHERE owner = ?"
                    + " AND token IS NOT NULL AND pending > 0")) {
      select.setString(1, node);
      select.setString(2, node);
      try (ResultSet rows = select.executeQuery()) {
        while (rows.next()) {
          String items = rows.getString(1);
          if (!items.startsWith("[")) {
            runs.add(new Run(items, rows.getLong(2)));
            continue;
          }
          for (String item : JSON.readValue(items, String[].class)) {
            Run run = new Run(item, rows.getLong(2));
            if (recorded(run) == 0) {
              runs.add(run);
            }
          }
        }
      }
    }
    return runs;
  }

  private static long runs(String node) throws Exception {
    return db.count("SELECT COUNT(*) FROM pacer_run WHERE node = ?", node);
  }

  private static boolean eachRecordedOnce(List<Run> runs) throws Exception {
    for (Run run : runs) {
      if (recorded(run) != 1) {
        return false;
      }
    }
    return true;
  }

  /** Attempts of the run's slot with an outcome of their own (not given up with their node). */
  private static long recorded(Run run) throws Exception {
    return db.count(
        "SELECT COUNT(*) FROM pacer_run WHERE item = ? AND outcome <> 'abandoned'"
            + " AND TIMESTAMPDIFF(MICROSECOND, '1970-01-01', scheduled_at) DIV 1000 = ?",
        run.item(),
        run.slotMillis());
  }

  private static boolean recordedBy(Run run, String node) throws Exception {
    return db.count(
            "SELECT COUNT(*) FROM pacer_run WHERE item = ? AND node = ? AND attempt > 1"
                + " AND TIMESTAMPDIFF(MICROSECOND, '1970-01-01', scheduled_at) DIV 1000 = ?",
            run.item(),
            node,
            run.slotMillis())
        == 1;
  }
}
