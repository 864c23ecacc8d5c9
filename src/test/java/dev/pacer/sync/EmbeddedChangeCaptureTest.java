package dev.pacer.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.pacer.testing.ItemSchedules;
import dev.pacer.testing.LogCapture;
import dev.pacer.testing.TestingDatabase;
import dev.pacer.testing.TestingNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The embedded database has no triggers for the change log: the sync says so and reads it all. */
class EmbeddedChangeCaptureTest {
  @RegisterExtension static final TestingDatabase db = TestingDatabase.h2().withSchema();
  private static final ItemSchedules schedules = ItemSchedules.on(db);
  @RegisterExtension final LogCapture syncLog = LogCapture.of(SyncService.class);

  @Test
  void warnsOnceAndStillSeesChanges() throws Exception {
    try (TestingNode node = TestingNode.on(db).set("sync.change-capture", "triggers").start()) {
      db.insertItems(600, "embedded");
      await().until(() -> schedules.of("embedded") != null);
      db.execute("DELETE FROM history");
      await().until(() -> schedules.count() == 0);
    }
    assertThat(syncLog.messages())
        .containsOnlyOnce(
            "sync.change-capture=triggers needs MySQL or MariaDB: the embedded database's rows"
                + " are compared in full every tick");
  }
}
