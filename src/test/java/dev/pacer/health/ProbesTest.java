package dev.pacer.health;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pacer.sync.SyncService;
import dev.pacer.testing.TestingDatabase;
import dev.pacer.testing.TestingNode;
import dev.pacer.testing.TestingProxy;
import dev.pacer.testing.TestingServer;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * /health/ready is 200 only while the node can work, /health/live 503 only while one of its loops
 * is stuck; /health follows readiness in Airflow's shape. Each case breaks a real node for real.
 */
class ProbesTest {
  @RegisterExtension static final TestingDatabase db = TestingDatabase.mysql();
  private static final Duration STUCK_AFTER = Duration.ofSeconds(3);
  private final ObjectMapper json = new ObjectMapper();

  private TestingNode.Builder node() {
    return TestingNode.on(db)
        .set("sync.max-lag", "3s")
        .set("health.stuck-after", STUCK_AFTER.toSeconds() + "s");
  }

  @Test
  void readyAndLiveOnceTheNodeSchedules() throws Exception {
    try (TestingNode node = node().start()) {
      JsonNode ready = await().until(() -> probe(node, "/health/ready", 200), r -> r != null);
      assertThat(ready.get("status").asText()).isEqualTo("healthy");
      assertThat(ready.get("problems")).isEmpty();
      JsonNode live = probe(node, "/health/live", 200);
      assertThat(live).isNotNull();
      assertThat(live.get("problems")).isEmpty();
      assertThat(node.http("/health/ready").headers().firstValue("Content-Type"))
          .hasValue("application/json");
    }
  }

  @Test
  void notReadyButLiveWhileTheDatabaseIsCut() throws Exception {
    TestingServer server = TestingServer.get();
    try (TestingProxy proxy = new TestingProxy(server.host(), server.port());
        TestingNode node =
            node()
                .set("db.url", "jdbc:mysql://127.0.0.1:" + proxy.port() + "/" + db.name())
                .set("db.connect-timeout", "1s")
                .start()) {
      await().until(() -> node.http("/health/ready").statusCode() == 200);

      proxy.cut();
      JsonNode ready =
          await()
              .atMost(Duration.ofSeconds(15))
              .until(() -> probe(node, "/health/ready", 503), r -> r != null);
      assertThat(problems(ready)).anyMatch(p -> p.startsWith("database: unreachable ("));
      JsonNode health = json.readTree(node.http("/health").body());
      assertThat(health.at("/metadatabase/status").asText()).isEqualTo("unhealthy");
      assertThat(health.at("/metadatabase/reason").asText()).isNotEmpty();
      assertThat(health.at("/scheduler/status").asText()).isEqualTo("unhealthy");
      assertThat(health.at("/scheduler/reason").asText()).contains("database: unreachable");
      // Failing loops are not stuck: restarting the node would not bring the database back.
      await()
          .during(STUCK_AFTER.plusSeconds(2))
          .atMost(STUCK_AFTER.plusSeconds(20))
          .until(() -> node.http("/health/live").statusCode() == 200);

      proxy.restore();
      await()
          .atMost(Duration.ofSeconds(30))
          .until(() -> node.http("/health/ready").statusCode() == 200);
      assertThat(node.http("/health").statusCode()).isEqualTo(200);
    }
  }

  @Test
  void notReadyButLiveWhileTheSyncCannotWork() throws Exception {
    try (TestingNode node = node().start()) {
      await().until(() -> node.http("/health").statusCode() == 200);

      db.execute("RENAME TABLE history TO history_away");
      try {
        JsonNode ready =
            await()
                .atMost(Duration.ofSeconds(15))
                .until(() -> probe(node, "/health/ready", 503), r -> r != null);
        assertThat(problems(ready))
            .singleElement()
            .satisfies(p -> assertThat(p).startsWith("sync: no successful tick for "));
        JsonNode health = json.readTree(node.http("/health").body());
        assertThat(node.http("/health").statusCode()).isEqualTo(503);
        assertThat(health.at("/metadatabase/status").asText()).isEqualTo("healthy");
        assertThat(health.at("/metadatabase/reason").isMissingNode()).isTrue();
        assertThat(health.at("/scheduler/status").asText()).isEqualTo("unhealthy");
        assertThat(health.at("/scheduler/reason").asText())
            .startsWith("sync: no successful tick for ");
        assertThat(health.at("/scheduler/latest_scheduler_heartbeat").asText()).isNotEmpty();
        await()
            .during(STUCK_AFTER.plusSeconds(2))
            .atMost(STUCK_AFTER.plusSeconds(20))
            .until(() -> node.http("/health/live").statusCode() == 200);
      } finally {
        db.execute("RENAME TABLE history_away TO history");
      }
      await().until(() -> node.http("/health/ready").statusCode() == 200);
      assertThat(node.http("/health").statusCode()).isEqualTo(200);
    }
  }

  @Test
  void notLiveWhileTheSyncLoopIsStuck() throws Exception {
    try (TestingNode node = node().start()) {
      await().until(() -> node.http("/health/live").statusCode() == 200);

      JsonNode live;
      // Its tick waits for this lock for as long as the test holds it: a loop stuck on a lock.
      synchronized (node.get(SyncService.class)) {
        live =
            await()
                .atMost(STUCK_AFTER.plusSeconds(20))
                .until(() -> probe(node, "/health/live", 503), r -> r != null);
      }
      assertThat(problems(live))
          .singleElement()
          .satisfies(
              p -> assertThat(p).matches("sync: stuck for \\d+ s \\(thread pacer-sync BLOCKED\\)"));
      await().until(() -> node.http("/health/live").statusCode() == 200);
    }
  }

  @Test
  void notLiveWhileQuartzsSchedulerThreadWaitsForARowLock() throws Exception {
    try (TestingNode node = node().start()) {
      await().until(() -> node.http("/health/live").statusCode() == 200);

      JsonNode live;
      // The scheduler thread takes this row lock to acquire triggers; InnoDB makes it wait 50 s.
      try (Connection connection = db.connection()) {
        connection.setAutoCommit(false);
        try (Statement statement = connection.createStatement()) {
          statement.executeQuery(
              "SELECT * FROM QRTZ_LOCKS WHERE SCHED_NAME = 'pacer'"
                  + " AND LOCK_NAME = 'TRIGGER_ACCESS' FOR UPDATE");
          live =
              await()
                  .atMost(STUCK_AFTER.plusSeconds(20))
                  .until(() -> probe(node, "/health/live", 503), r -> r != null);
        }
        connection.rollback();
      }
      assertThat(problems(live))
          .anyMatch(
              p ->
                  p.matches(
                      "scheduler: stuck for \\d+ s \\(thread pacer_QuartzSchedulerThread RUNNABLE\\)"));
      await().until(() -> node.http("/health/live").statusCode() == 200);
    }
  }

  /** The probe's body if it answers with this status, else null. */
  private JsonNode probe(TestingNode node, String path, int status) throws Exception {
    var response = node.http(path);
    return response.statusCode() == status ? json.readTree(response.body()) : null;
  }

  private static List<String> problems(JsonNode probe) {
    List<String> problems = new ArrayList<>();
    probe.get("problems").forEach(p -> problems.add(p.asText()));
    return problems;
  }
}
