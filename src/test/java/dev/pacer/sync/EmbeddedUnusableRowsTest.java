package dev.pacer.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.pacer.testing.ItemSchedules;
import dev.pacer.testing.LogCapture;
import dev.pacer.testing.TestingDatabase;
import dev.pacer.testing.TestingNode;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * On the embedded database, where the sync reads every row every tick, an unusable row is still
 * named once (not once a tick), a fixed one is scheduled, and a last run far in the future is
 * warned about once.
 */
class EmbeddedUnusableRowsTest {
  @RegisterExtension static final TestingDatabase db = TestingDatabase.h2();
  private static final ItemSchedules schedules = ItemSchedules.on(db);
  @RegisterExtension final LogCapture syncLog = LogCapture.of(SyncService.class);

  @Test
  void unusableRowsAreNamedOnceAndPickedUpWhenFixed() throws Exception {
    db.execute(
        "CREATE TABLE history (item VARCHAR(255) NULL, last_execution_time TIMESTAMP NULL,"
            + " execution_interval BIGINT NULL, result REAL)",
        "INSERT INTO history (item, last_execution_time, execution_interval) VALUES"
            + " ('good', CURRENT_TIMESTAMP, 1), (NULL, TIMESTAMP '2031-02-03 04:05:06', 5),"
            + " ('huge', CURRENT_TIMESTAMP, 3000000000), ('never run', NULL, 1),"
            + " ('later', TIMESTAMP '2037-01-01 00:00:00', 60)");
    try (TestingNode node = TestingNode.on(db).start()) {
      await()
          .atMost(Duration.ofSeconds(20))
          .until(() -> db.count("SELECT COUNT(DISTINCT item) FROM pacer_run") == 2);
      SyncService sync = node.get(SyncService.class);
      for (int i = 0; i < 5; i++) {
        sync.tick();
      }

      assertThat(syncLog.messages()).noneMatch(m -> m.startsWith("Sync failed"));
      assertThat(syncLog.messages())
          .filteredOn(m -> m.startsWith("Skipping") || m.startsWith("later has"))
          .containsExactlyInAnyOrder(
              "Skipping a row with a NULL item: an item needs a name (execution_interval '5',"
                  + " last_execution_time 2031-02-03T04:05:06Z); it is scheduled once the row is"
                  + " fixed",
              "Skipping huge: execution_interval 3000000000 is more than 2147483647 seconds, the"
                  + " most an INT holds; it is scheduled once the row is fixed",
              "later has last_execution_time 2037-01-01T00:00:00Z, in the future: it first runs"
                  + " at 2037-01-01T00:01:00Z (one interval later); once last_execution_time is"
                  + " corrected, a change of execution_interval reschedules it");
      assertThat(schedules.of("later").nextFire()).isEqualTo(Instant.parse("2037-01-01T00:01:00Z"));

      db.execute(
          "UPDATE history SET item = 'named' WHERE item IS NULL",
          "UPDATE history SET execution_interval = 600 WHERE item = 'huge'");
      await().atMost(Duration.ofSeconds(10)).until(() -> schedules.of("named") != null);
      await().atMost(Duration.ofSeconds(10)).until(() -> schedules.of("huge") != null);
    }
  }
}
