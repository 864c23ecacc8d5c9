package dev.pacer.run;

import static dev.pacer.run.RunLogPurgeTest.OLD;
import static dev.pacer.run.RunLogPurgeTest.insertRuns;
import static org.assertj.core.api.Assertions.assertThat;

import dev.pacer.testing.TestingDatabase;
import dev.pacer.testing.TestingNode;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The run-log purge's statement works on the embedded database too. */
class EmbeddedRunLogPurgeTest {
  @RegisterExtension static final TestingDatabase db = TestingDatabase.h2().withSchema();

  @Test
  void deletesOldRowsOnTheEmbeddedDatabaseToo() throws Exception {
    Instant now = Instant.now();
    insertRuns(db, "old", now.minus(Duration.ofDays(8)), OLD);
    insertRuns(db, "recent", now.minusSeconds(1), 3);

    try (TestingNode node = TestingNode.on(db).set("run-log.retention", "1d").start()) {
      assertThat(node.get(RunLogPurge.class).purge()).isEqualTo(OLD);
    }
    assertThat(db.count("SELECT COUNT(*) FROM pacer_run")).isEqualTo(3);
    assertThat(db.column("SELECT item FROM pacer_last_run")).containsExactly("recent");
  }
}
