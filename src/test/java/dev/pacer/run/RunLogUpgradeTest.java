package dev.pacer.run;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pacer.db.SchemaMigrator;
import dev.pacer.db.Timestamps;
import dev.pacer.overview.RunHistory;
import dev.pacer.testing.TestingDatabase;
import dev.pacer.testing.TestingNode;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Schema V8 on a run log written before it: every row gets its item's bucket, as Java and MySQL
 * compute it, and every item its last run and failure streak in pacer_last_run.
 */
class RunLogUpgradeTest {
  @RegisterExtension static final TestingDatabase mysql = TestingDatabase.mysql();
  @RegisterExtension static final TestingDatabase h2 = TestingDatabase.h2();

  private static final Instant T = Instant.parse("2031-02-03T04:05:00Z");
  private static final String UNICODE = "디스크 사용률 ü";

  @Test
  void fillsTheBucketsAndTheLastRunsOfAnExistingLog() throws Exception {
    for (TestingDatabase db : new TestingDatabase[] {mysql, h2}) {
      Flyway.configure(RunLogUpgradeTest.class.getClassLoader())
          .dataSource(db.url(), db.user(), db.password())
          .locations("classpath:sql/" + (db.isH2() ? "h2" : "mysql"))
          .table("pacer_schema_history")
          .target("7")
          .load()
          .migrate();
      try (Connection connection = db.connection()) {
        // a: succeeded at slot 0, then failed at 10 (retried) and at 20.
        insertV7(connection, "a", 0, 1, "success");
        insertV7(connection, "a", 10, 1, "retry");
        insertV7(connection, "a", 10, 2, "failure");
        insertV7(connection, "a", 20, 1, "failure");
        // b: failed once, then its retry succeeded.
        insertV7(connection, "b", 0, 1, "retry");
        insertV7(connection, "b", 0, 2, "success");
        // Never succeeded.
        insertV7(connection, UNICODE, 0, 1, "failure");
      }

      try (TestingNode node = TestingNode.on(db).build()) {
        node.get(SchemaMigrator.class).apply();
        try (Connection connection = db.connection()) {
          RunLog.append(
              connection,
              List.of(
                  new RunRecord(
                      "new " + UNICODE, T, T, T, "n", 1, RunRecord.Outcome.SUCCESS, 1.0, null)));
        }

        Map<String, Integer> buckets = new HashMap<>();
        try (Connection connection = db.connection();
            PreparedStatement select =
                connection.prepareStatement("SELECT item, item_bucket FROM pacer_run");
            ResultSet rows = select.executeQuery()) {
          while (rows.next()) {
            buckets.put(rows.getString(1), rows.getInt(2));
          }
        }
        assertThat(buckets).as(db.url()).hasSize(4);
        buckets.forEach(
            (item, bucket) -> assertThat(bucket).as(item).isEqualTo(ItemBucket.of(item)));
        if (!db.isH2()) {
          assertThat(
                  db.count("SELECT COUNT(*) FROM pacer_run WHERE item_bucket <> CRC32(item) & 511"))
              .as("MySQL's CRC32 files rows where Java looks for them")
              .isZero();
        }

        assertThat(
                db.column(
                    "SELECT CONCAT(item, ' ', attempt, ' ', outcome, ' ', failures)"
                        + " FROM pacer_last_run ORDER BY item"))
            .as(db.url())
            .containsExactly(
                "a 1 failure 3",
                "b 2 success 0",
                "new " + UNICODE + " 1 success 0",
                UNICODE + " 1 failure 1");
        RunHistory history = node.get(RunHistory.class);
        assertThat(history.latest("a", 10)).as(db.url()).hasSize(4);
        assertThat(history.consecutiveFailures("a")).as(db.url()).isEqualTo(3);
        assertThat(history.latest(UNICODE, 10)).as(db.url()).hasSize(1);
      }
    }
  }

  private static void insertV7(
      Connection connection, String item, int slot, int attempt, String outcome) throws Exception {
    try (PreparedStatement insert =
        connection.prepareStatement(
            "INSERT INTO pacer_run (item, scheduled_at, started_at, finished_at, node, attempt,"
                + " outcome) VALUES (?, ?, ?, ?, 'n', ?, ?)")) {
      Instant at = T.plusSeconds(slot + attempt);
      insert.setString(1, item);
      Timestamps.set(insert, 2, T.plusSeconds(slot));
      Timestamps.set(insert, 3, at);
      Timestamps.set(insert, 4, at);
      insert.setInt(5, attempt);
      insert.setString(6, outcome);
      insert.executeUpdate();
    }
  }
}
