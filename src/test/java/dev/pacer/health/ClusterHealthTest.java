package dev.pacer.health;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pacer.testing.TestingDatabase;
import dev.pacer.testing.TestingNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** /health keeps Airflow's fields as they are and lists the cluster's members beside them. */
class ClusterHealthTest {
  @RegisterExtension static final TestingDatabase db = TestingDatabase.mysql();
  private final ObjectMapper json = new ObjectMapper();

  @Test
  void listsTheMembersOfTheClusterWithTheirCheckIns() throws Exception {
    try (TestingNode a =
            TestingNode.on(db).set("db.pool-size", "10").set("node.id", "node-a").start();
        TestingNode b =
            TestingNode.on(db).set("db.pool-size", "10").set("node.id", "node-b").start()) {
      JsonNode body =
          await()
              .until(
                  () -> json.readTree(a.http("/health").body()),
                  health -> health.at("/cluster/members").size() == 2);

      assertThat(body.at("/metadatabase/status").asText()).isEqualTo("healthy");
      assertThat(body.at("/scheduler/status").asText()).isEqualTo("healthy");
      assertThat(body.at("/scheduler/node").asText()).isEqualTo("node-a");
      List<String> instances = new ArrayList<>();
      for (JsonNode member : body.at("/cluster/members")) {
        instances.add(member.get("instance").asText());
        assertThat(member.get("status").asText()).isEqualTo("healthy");
        assertThat(member.get("checkin_interval_ms").asLong()).isEqualTo(1000);
        OffsetDateTime.parse(member.get("last_checkin").asText());
      }
      assertThat(instances).containsExactly("node-a", "node-b");
      // This node's heartbeat is its own check-in, one of the members'.
      assertThat(body.at("/scheduler/latest_scheduler_heartbeat").asText())
          .isIn(body.at("/cluster/members/0/last_checkin").asText(), lastCheckin(a, "node-a"));
    }
  }

  @Test
  void listsADeadMemberAsUnhealthyWhileStayingHealthyItself() throws Exception {
    // What a node killed with -9 leaves once Quartz has recovered its work: no check-in row in
    // Quartz's table, only Pacer's memory of it, its last check-in a minute old.
    long lastCheckin = System.currentTimeMillis() - 60_000;
    db.execute(
        "INSERT INTO pacer_member (instance, joined_at, last_checkin, checkin_interval)"
            + " VALUES ('node-dead', NOW(3), "
            + lastCheckin
            + ", 1000)");
    try (TestingNode node =
        TestingNode.on(db).set("db.pool-size", "10").set("node.id", "node-alive").start()) {
      JsonNode body =
          await()
              .until(
                  () -> json.readTree(node.http("/health").body()),
                  health -> health.at("/cluster/members").size() == 2);

      assertThat(body.at("/cluster/members/0/instance").asText()).isEqualTo("node-alive");
      assertThat(body.at("/cluster/members/0/status").asText()).isEqualTo("healthy");
      assertThat(body.at("/cluster/members/1/instance").asText()).isEqualTo("node-dead");
      assertThat(body.at("/cluster/members/1/status").asText()).isEqualTo("unhealthy");
      assertThat(body.at("/cluster/members/1/last_checkin").asText())
          .isEqualTo(
              DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSSxxx")
                  .withZone(ZoneOffset.UTC)
                  .format(Instant.ofEpochMilli(lastCheckin)));
      assertThat(node.http("/health").statusCode()).isEqualTo(200);
    } finally {
      db.execute("DELETE FROM pacer_member WHERE instance = 'node-dead'");
    }
  }

  private String lastCheckin(TestingNode node, String instance) throws Exception {
    for (JsonNode member : json.readTree(node.http("/health").body()).at("/cluster/members")) {
      if (member.get("instance").asText().equals(instance)) {
        return member.get("last_checkin").asText();
      }
    }
    return null;
  }

  @Test
  void isReadOnly() throws Exception {
    try (TestingNode node = TestingNode.on(db).set("db.pool-size", "10").start()) {
      HttpResponse<String> post =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(
                          URI.create("http://127.0.0.1:" + node.httpPort() + "/health"))
                      .POST(HttpRequest.BodyPublishers.noBody())
                      .build(),
                  HttpResponse.BodyHandlers.ofString());
      assertThat(post.statusCode()).isEqualTo(405);
      assertThat(node.http("/nothing-here").statusCode()).isEqualTo(404);
    }
  }
}
