package dev.pacer.health;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pacer.testing.TestingDatabase;
import dev.pacer.testing.TestingNode;
import dev.pacer.testing.TestingProxy;
import dev.pacer.testing.TestingServer;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.OffsetDateTime;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** /health answers like Airflow's: 200 once the node schedules, 503 while its database is gone. */
class HealthTest {
  @RegisterExtension static final TestingDatabase db = TestingDatabase.mysql();
  private final ObjectMapper json = new ObjectMapper();

  @Test
  void healthyWhileSchedulingUnhealthyWithoutTheDatabaseAndHealthyAgainAfter() throws Exception {
    TestingServer server = TestingServer.get();
    try (TestingProxy proxy = new TestingProxy(server.host(), server.port());
        TestingNode node =
            TestingNode.on(db)
                .set("db.url", "jdbc:mysql://127.0.0.1:" + proxy.port() + "/" + db.name())
                .set("db.connect-timeout", "1s")
                .start()) {
      HttpResponse<String> healthy =
          await().until(() -> node.http("/health"), r -> r.statusCode() == 200);
      JsonNode body = json.readTree(healthy.body());
      assertThat(body.at("/metadatabase/status").asText()).isEqualTo("healthy");
      assertThat(body.at("/scheduler/status").asText()).isEqualTo("healthy");
      OffsetDateTime heartbeat =
          OffsetDateTime.parse(body.at("/scheduler/latest_scheduler_heartbeat").asText());
      assertThat(heartbeat.getOffset().getTotalSeconds()).isZero();
      assertThat(heartbeat.toInstant()).isAfter(java.time.Instant.now().minusSeconds(10));
      assertThat(healthy.headers().firstValue("Content-Type")).hasValue("application/json");

      proxy.cut();
      HttpResponse<String> unhealthy =
          await()
              .atMost(Duration.ofSeconds(15))
              .until(() -> node.http("/health"), r -> r.statusCode() == 503);
      assertThat(json.readTree(unhealthy.body()).at("/metadatabase/status").asText())
          .isEqualTo("unhealthy");
      assertThat(unhealthy.body())
          .doesNotContain(db.password().isEmpty() ? "\u0000" : db.password());

      proxy.restore();
      await().atMost(Duration.ofSeconds(30)).until(() -> node.http("/health").statusCode() == 200);
    }
  }
}
