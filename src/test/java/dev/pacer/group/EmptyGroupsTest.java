package dev.pacer.group;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.pacer.sync.SyncService;
import dev.pacer.testing.TestingDatabase;
import dev.pacer.testing.TestingNode;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A tick that moves items creates their new groups and leaves emptied ones to a quiet tick. */
class EmptyGroupsTest {
  @RegisterExtension static final TestingDatabase db = TestingDatabase.mysql();

  @Test
  void anEmptiedGroupGoesAtTheNextTickWithNothingToChange() throws Exception {
    // Ticks only when the test asks, after the one at start.
    try (TestingNode node =
        TestingNode.on(db).set("sync.interval", "1h").set("sync.max-lag", "2h").start()) {
      SyncService sync = node.get(SyncService.class);
      await().until(sync::leading);
      db.insertItems(600, "disk");
      sync.tick();
      List<Object> before = groups();
      assertThat(before).hasSize(1);

      db.execute("UPDATE history SET execution_interval = 300 WHERE item = 'disk'");
      assertThat(sync.tick().rescheduled()).isOne();
      assertThat(groups()).hasSize(2).containsAll(before);

      assertThat(sync.tick()).isEqualTo(SyncService.SyncReport.QUIET);
      assertThat(groups()).hasSize(1).doesNotContainAnyElementsOf(before);
    }
  }

  private static List<Object> groups() throws Exception {
    return db.column(
        "SELECT JOB_NAME FROM QRTZ_JOB_DETAILS WHERE JOB_GROUP = ? ORDER BY JOB_NAME",
        GroupJobs.GROUP);
  }
}
