package dev.pacer.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.pacer.testing.ProcessNode;
import dev.pacer.testing.TestingDatabase;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** bin/start.sh --demo: a newcomer's first command, on the embedded database. */
class EmbeddedDemoIT {
  @RegisterExtension static final TestingDatabase db = TestingDatabase.h2();

  @Test
  void demoRunsTheSeedItemsOnTheEmbeddedDatabaseAndStopsOnSigterm() throws Exception {
    try (ProcessNode node = ProcessNode.start("demo", Map.of("PACER_DB_URL", db.url()), "--demo")) {
      node.awaitHealthy(Duration.ofSeconds(90));

      await()
          .atMost(Duration.ofSeconds(30))
          .until(() -> db.count("SELECT COUNT(*) FROM pacer_run") >= 20);
      assertThat(db.count("SELECT COUNT(*) FROM history")).isEqualTo(20);
      assertThat(node.output()).containsPattern("item\\d+ = 1\\d\\d\\.\\d+ in \\d+ ms on demo");

      assertThat(node.terminate(Duration.ofSeconds(20))).as("exit code").isZero();
      // The node stops before the embedded database closes itself.
      assertThat(node.output())
          .contains("Node demo left the cluster", "Node demo stopped")
          .doesNotContain("could not leave", "Exception");
    }
  }
}
