package dev.pacer.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.pacer.testing.LogCapture;
import dev.pacer.testing.TestingDatabase;
import dev.pacer.testing.TestingNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The embedded database has no triggers for the change log: the sync says so and reads it all. */
class EmbeddedChangeCaptureTest {
  @RegisterExtension static final TestingDatabase db = TestingDatabase.h2().withSchema();
  @RegisterExtension final LogCapture syncLog = LogCapture.of(SyncService.class);

  @Test
  void warnsOnceAndStillSeesChanges() throws Exception {
    try (TestingNode node = TestingNode.on(db).set("sync.change-capture", "triggers").start()) {
      db.insertItems(600, "embedded");
      await().until(() -> db.count("SELECT COUNT(*) FROM QRTZ_TRIGGERS") == 1);
      db.execute("DELETE FROM history");
      await().until(() -> db.count("SELECT COUNT(*) FROM QRTZ_TRIGGERS") == 0);
    }
    assertThat(syncLog.messages())
        .containsOnlyOnce(
            "sync.change-capture=triggers needs MySQL or MariaDB: the embedded database's rows"
                + " are compared in full every tick");
  }
}
