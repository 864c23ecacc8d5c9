package dev.pacer.overview;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import dev.pacer.db.SchemaMigrator;
import dev.pacer.run.RunLog;
import dev.pacer.run.RunRecord;
import dev.pacer.run.RunRecord.Outcome;
import dev.pacer.testing.TestingDatabase;
import dev.pacer.testing.TestingNode;
import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * An item's latest runs are read by the run log's unique key, newest slot first, its last attempt
 * first, whatever order the runs started in; its last run and failure streak in the overview come
 * from pacer_last_run, which a run recorded late (a recovered slot) does not turn back.
 */
class RunHistoryTest {
  @RegisterExtension static final TestingDatabase mysql = TestingDatabase.mysql();
  @RegisterExtension static final TestingDatabase h2 = TestingDatabase.h2();

  private static final Instant T = Instant.parse("2031-02-03T04:05:00Z");

  @Test
  void newestSlotFirstAndItsLastAttemptFirst() throws Exception {
    for (TestingDatabase db : new TestingDatabase[] {mysql, h2}) {
      try (TestingNode node = TestingNode.on(db).build()) {
        node.get(SchemaMigrator.class).apply();
        db.execute(
            "CREATE TABLE IF NOT EXISTS history (item VARCHAR(255) PRIMARY KEY,"
                + " last_execution_time TIMESTAMP NOT NULL, execution_interval INT NOT NULL,"
                + " result FLOAT)");
        db.insertItems(10, "a", "b");
        try (Connection connection = db.connection()) {
          // Slot 0 of a: two attempts. Slot 10 s: one run. Slot 20 s: failed, then retried.
          insert(connection, "a", 0, 0, 1, "failure");
          insert(connection, "a", 0, 3, 2, "success");
          insert(connection, "a", 10, 10, 1, "success");
          insert(connection, "a", 20, 21, 1, "failure");
          insert(connection, "a", 20, 24, 2, "failure");
          // b's slot 0 was recovered late, after its slot 10 had run: slot 10 is still its latest.
          insert(connection, "b", 10, 10, 1, "success");
          insert(connection, "b", 0, 15, 1, "failure");
          // Another item, differing only in case, is not a's.
          insert(connection, "A", 30, 30, 1, "success");
        }

        RunHistory history = node.get(RunHistory.class);
        assertThat(history.latest("a", 4))
            .as(db.url())
            .extracting(
                run -> run.scheduledAt().getEpochSecond() - T.getEpochSecond(), RunView::attempt)
            .containsExactly(tuple(20L, 2), tuple(20L, 1), tuple(10L, 1), tuple(0L, 2));
        assertThat(history.consecutiveFailures("a")).as(db.url()).isEqualTo(2);
        assertThat(history.latest("b", 1).get(0).outcome()).as(db.url()).isEqualTo("success");

        Map<String, ItemView> overview =
            node.get(ItemOverview.class).all().stream()
                .collect(Collectors.toMap(ItemView::item, item -> item));
        assertThat(overview.get("a").failures()).as(db.url()).isEqualTo(2);
        assertThat(overview.get("b").failures()).as(db.url()).isZero();
        assertThat(overview.get("a").lastError()).as(db.url()).isEqualTo("a@20/2");
        assertThat(history.consecutiveFailures("A")).as(db.url()).isZero();
      }
    }
  }

  @Test
  void lastRunsOfManyItemsByTheirExactNames() throws Exception {
    for (TestingDatabase db : new TestingDatabase[] {mysql, h2}) {
      try (TestingNode node = TestingNode.on(db).build()) {
        node.get(SchemaMigrator.class).apply();
        List<String> items = IntStream.range(0, 600).mapToObj(i -> "many" + i).toList();
        try (Connection connection = db.connection()) {
          for (String item : items) {
            insert(connection, item, 0, 2, 1, "success");
          }
          insert(connection, "many7", 10, 13, 1, "failure");
          insert(connection, "many7", 10, 15, 2, "failure");
          insert(connection, "MANY8", 10, 10, 1, "failure");
        }

        List<String> asked = new ArrayList<>(items);
        asked.add("nonesuch");
        Map<String, LastRun> last = node.get(RunHistory.class).lastRuns(asked);
        assertThat(last).as(db.url()).hasSize(600).doesNotContainKey("nonesuch");
        LastRun many7 = last.get("many7");
        assertThat(many7.scheduledAt()).as(db.url()).isEqualTo(T.plusSeconds(10));
        assertThat(many7.attempt()).as(db.url()).isEqualTo(2);
        assertThat(many7.lateness()).as(db.url()).isEqualTo(Duration.ofSeconds(5));
        assertThat(many7.failures()).as(db.url()).isEqualTo(2);
        assertThat(many7.error()).as(db.url()).isEqualTo("many7@10/2");
        LastRun many8 = last.get("many8");
        assertThat(many8.outcome()).as(db.url() + ": not MANY8's").isEqualTo("success");
        assertThat(many8.lateness()).as(db.url()).isEqualTo(Duration.ofSeconds(2));
        assertThat(many8.failures()).as(db.url()).isZero();
      }
    }
  }

  private static void insert(
      Connection connection, String item, int slot, int started, int attempt, String outcome)
      throws Exception {
    boolean success = outcome.equals("success");
    RunLog.append(
        connection,
        List.of(
            new RunRecord(
                item,
                T.plusSeconds(slot),
                T.plusSeconds(started),
                T.plusSeconds(started + 1),
                "n",
                attempt,
                success ? Outcome.SUCCESS : Outcome.FAILURE,
                null,
                success ? null : item + "@" + slot + "/" + attempt)));
  }
}
