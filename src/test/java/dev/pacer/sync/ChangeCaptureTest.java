package dev.pacer.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import dev.pacer.history.ChangeLog;
import dev.pacer.testing.ItemSchedules;
import dev.pacer.testing.LogCapture;
import dev.pacer.testing.TestingDatabase;
import dev.pacer.testing.TestingNode;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code sync.change-capture=triggers}: Pacer puts its triggers on the history table, keeps its
 * change log empty, and takes the triggers away again when the setting goes back to checksum. (The
 * sync's behaviour in both modes is {@link SyncTest}'s.)
 */
class ChangeCaptureTest {
  @RegisterExtension static final TestingDatabase db = TestingDatabase.mysql().withSchema();
  private static final ItemSchedules schedules = ItemSchedules.on(db);
  @RegisterExtension final LogCapture syncLog = LogCapture.of(SyncService.class);

  /** Each test starts without triggers (an earlier test's node may have left them). */
  @BeforeEach
  void empty() throws Exception {
    db.execute(
        "DROP TRIGGER IF EXISTS pacer_history_insert",
        "DROP TRIGGER IF EXISTS pacer_history_update",
        "DROP TRIGGER IF EXISTS pacer_history_delete",
        "DELETE FROM history",
        "DELETE FROM pacer_change");
  }

  @Test
  void changesMadeWhileNoNodeRunsAreAppliedAtStartAndTheLogEmptied() throws Exception {
    db.insertItems(600, "kept", "moved", "gone");
    try (TestingNode node = triggers().start()) {
      await().until(() -> schedules.count() == 3);
      assertThat(triggersOn(db.name(), "history")).isEqualTo(3);
    }

    db.execute(
        "UPDATE history SET execution_interval = 300 WHERE item = 'moved'",
        "DELETE FROM history WHERE item = 'gone'",
        "INSERT INTO history (item, last_execution_time, execution_interval)"
            + " VALUES ('new', NOW(), 600)",
        // A run's write-back: no change to log.
        "UPDATE history SET result = 1, last_execution_time = NOW() WHERE item = 'kept'");
    assertThat(db.column("SELECT item FROM pacer_change ORDER BY id"))
        .containsExactly("moved", "gone", "new");

    try (TestingNode node = triggers().start()) {
      await()
          .atMost(Duration.ofSeconds(10))
          .until(() -> schedules.of("moved"), s -> s != null && s.intervalMillis() == 300_000L);
      await().until(() -> schedules.count() == 3);
      await().until(() -> db.count("SELECT COUNT(*) FROM pacer_change") == 0);
      assertThat(schedules.items()).containsExactlyInAnyOrder("kept", "moved", "new");
      assertThat(schedules.of("kept").intervalMillis()).isEqualTo(600_000L);
    }
  }

  @Test
  void aChangeCommittedAfterALaterOneIsAppliedByTheNextTick() throws Exception {
    try (TestingNode node =
            triggers().set("sync.interval", "1h").set("sync.max-lag", "2h").start();
        Connection slow = db.connection();
        Statement statement = slow.createStatement()) {
      SyncService sync = node.get(SyncService.class);
      sync.tick(); // the leader's first tick: a full comparison
      slow.setAutoCommit(false);
      statement.execute(
          "INSERT INTO history (item, last_execution_time, execution_interval)"
              + " VALUES ('early', NOW(), 600)"); // its log row takes the lower id, uncommitted
      db.insertItems(600, "late");

      assertThat(sync.tick().added()).isOne();
      assertThat(schedules.items()).containsExactly("late");

      slow.commit();
      assertThat(sync.tick().added()).isOne();
      assertThat(schedules.items()).containsExactlyInAnyOrder("late", "early");
      assertThat(db.count("SELECT COUNT(*) FROM pacer_change")).isZero();
    }
  }

  @Test
  void aTriggerDroppedByHandIsCreatedAgainByTheNextFullComparison() throws Exception {
    try (TestingNode node = triggers().start()) {
      await().until(() -> triggersOn(db.name(), "history") == 3);
    }
    db.execute("DROP TRIGGER pacer_history_update");

    try (TestingNode node = triggers().start()) {
      await().until(() -> triggersOn(db.name(), "history") == 3);
    }
  }

  @Test
  void aTriggerAnEarlierVersionWroteIsReplacedOnceAndThenLogsANameGivenToANamelessRow()
      throws Exception {
    db.execute(
        "ALTER TABLE history MODIFY item VARCHAR(255) NULL, DROP PRIMARY KEY",
        // The UPDATE trigger of Pacer 0.1, whose comparison took NULL for no change.
        "CREATE TRIGGER pacer_history_update AFTER UPDATE ON history FOR EACH ROW BEGIN IF"
            + " CAST(NEW.item AS BINARY) <> CAST(OLD.item AS BINARY) THEN INSERT INTO pacer_change"
            + " (item) VALUES (OLD.item), (NEW.item); ELSEIF NOT (NEW.execution_interval <=>"
            + " OLD.execution_interval) THEN INSERT INTO pacer_change (item) VALUES (NEW.item);"
            + " END IF; END");
    try {
      try (TestingNode node = triggers().start()) {
        ChangeLog changeLog = node.get(ChangeLog.class);
        await().until(changeLog::complete);
        db.insertItems(600, (String) null);
        await().until(() -> syncLog.messages().stream().anyMatch(m -> m.contains("NULL item")));

        db.execute("UPDATE history SET item = 'named' WHERE item IS NULL");

        await().atMost(Duration.ofSeconds(10)).until(() -> schedules.of("named") != null);
        node.get(SyncService.class).tick();
        assertThat(changeLog.complete()).as("this version's triggers stay").isTrue();
      }
      assertThat(syncLog.messages()).filteredOn(m -> m.startsWith("Created triggers")).hasSize(1);
    } finally {
      db.execute(
          "DELETE FROM history",
          "ALTER TABLE history MODIFY item VARCHAR(255) NOT NULL," + " ADD PRIMARY KEY (item)");
    }
  }

  @Test
  void theDefaultDropsTheTriggersAnEarlierSettingLeft() throws Exception {
    try (TestingNode node = triggers().start()) {
      await().until(() -> triggersOn(db.name(), "history") == 3);
    }
    db.insertItems(600, "logged"); // while no node runs: a row in pacer_change

    try (TestingNode node = TestingNode.on(db).start()) {
      await().until(() -> triggersOn(db.name(), "history") == 0);
      assertThat(db.count("SELECT COUNT(*) FROM pacer_change")).isZero();
      db.execute("UPDATE history SET execution_interval = 60 WHERE item = 'logged'");
      await().until(() -> schedules.of("logged"), s -> s != null && s.intervalMillis() == 60_000L);
    }
    assertThat(syncLog.messages())
        .contains("Dropped Pacer's triggers on history (sync.change-capture=checksum)");
  }

  @Test
  void aHistoryTableInAnotherSchemaLogsIntoPacersOwn() throws Exception {
    String items = db.name() + "_items";
    db.execute(
        "CREATE DATABASE " + items,
        "CREATE TABLE "
            + items
            + ".history (item VARCHAR(255) PRIMARY KEY, last_execution_time TIMESTAMP NOT NULL,"
            + " execution_interval INT NOT NULL, result FLOAT)");
    try (TestingNode node = triggers().set("history.table", items + ".history").start()) {
      await().until(() -> triggersOn(items, "history") == 3);
      db.execute(
          "INSERT INTO "
              + items
              + ".history (item, last_execution_time, execution_interval)"
              + " VALUES ('elsewhere', NOW(), 600)");
      await().until(() -> schedules.of("elsewhere") != null);
      await().until(() -> db.count("SELECT COUNT(*) FROM pacer_change") == 0);
    } finally {
      db.execute("DROP DATABASE " + items);
    }
  }

  @Test
  void aTableAnOpenTransactionHoldsIsWatchedByChecksumUntilTheTriggersCanBeCreated()
      throws Exception {
    try (Connection holder = db.connection();
        Statement statement = holder.createStatement()) {
      holder.setAutoCommit(false);
      statement.executeQuery("SELECT COUNT(*) FROM history").close();

      try (TestingNode node = triggers().start()) {
        await()
            .atMost(Duration.ofSeconds(20))
            .until(
                () ->
                    syncLog.messages().stream()
                        .anyMatch(
                            m ->
                                m.startsWith(
                                    "sync.change-capture=triggers: could not create the triggers"
                                        + " on history: ")));
        db.insertItems(600, "meanwhile");
        await().until(() -> schedules.of("meanwhile") != null);
        assertThat(triggersOn(db.name(), "history")).isZero();
      } finally {
        holder.rollback();
      }
    }
  }

  @Test
  void aServerWithoutABinaryLogIsWatchedByChecksumWithAWarningWhenTheBinaryLogWasAskedFor()
      throws Exception {
    try (TestingNode node = TestingNode.on(db).set("sync.change-capture", "binlog").start()) {
      db.insertItems(600, "watched");
      await().until(() -> schedules.of("watched") != null);
      assertThat(syncLog.events())
          .anyMatch(
              e ->
                  e.getLevel() == Level.WARN
                      && e.getFormattedMessage()
                          .equals(
                              "Not following the server's binary log (the server writes no binary"
                                  + " log (log_bin=OFF)): finding changes to history by checksum,"
                                  + " trying again every 5 min"));
    }
  }

  private static TestingNode.Builder triggers() {
    return TestingNode.on(db).set("sync.change-capture", "triggers");
  }

  private static long triggersOn(String schema, String table) throws Exception {
    return db.count(
        "SELECT COUNT(*) FROM information_schema.TRIGGERS"
            + " WHERE EVENT_OBJECT_SCHEMA = ? AND EVENT_OBJECT_TABLE = ?"
            + " AND TRIGGER_NAME LIKE 'pacer\\_%'",
        schema, table);
  }
}
