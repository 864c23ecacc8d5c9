package dev.pacer.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.pacer.testing.ProcessNode;
import dev.pacer.testing.TestingDatabase;
import dev.pacer.testing.TestingServer;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A node started with a database URL that cannot work stops at once, exit code 1, with one line
 * naming the problem; one whose database is only not there yet keeps trying, saying when. Neither
 * prints a password the URL holds.
 */
class DatabaseUrlIT {
  @RegisterExtension static final TestingDatabase db = TestingDatabase.mysql();

  private static final String SECRET = "s3cret-in-url";

  @Test
  void aDatabaseThatRefusesForGoodStopsTheNodeWithOneLine() throws Exception {
    TestingServer server = TestingServer.get();
    String hostPort = server.host() + ":" + server.port();
    Map<String, String> cases =
        Map.of(
            "jdbc:mysql://" + hostPort + "/no_such_database",
            "Unknown database 'no_such_database' (no such database: check db.url, or create it)",
            "jdbc:mysql://no-such-host.invalid:3306/" + db.name(),
            "unknown host no-such-host.invalid (check db.url)",
            "jdbc:mysql://" + hostPort + ":x/" + db.name(),
            "Failed to parse the host:port pair '"
                + hostPort
                + ":x'. (a malformed URL: check db.url)",
            "jdbc:mysql://nobody:" + SECRET + "@" + hostPort + "/" + db.name(),
            "(access denied: check db.user, db.password and the user's grants)");
    for (Map.Entry<String, String> url : cases.entrySet()) {
      try (ProcessNode node = ProcessNode.start("refused", environment(url.getKey()))) {
        int exit = node.awaitExit(Duration.ofSeconds(60));

        String output = node.output();
        assertThat(exit).as(output).isEqualTo(1);
        List<String> problems =
            output.lines().filter(l -> l.contains(" ERROR ") || l.contains(" WARN ")).toList();
        assertThat(problems).as(output).hasSize(1);
        assertThat(problems.get(0))
            .contains(" ERROR ")
            .contains("Node failed to start: database jdbc:mysql://")
            .contains(" refuses the connection: ")
            .contains(url.getValue());
        assertThat(output).doesNotContain("\tat ").doesNotContain(SECRET);
      }
    }
  }

  @Test
  void aDatabaseNotThereYetIsTriedAgainSayingWhen() throws Exception {
    Map<String, String> environment =
        environment("jdbc:mysql://nobody:" + SECRET + "@127.0.0.1:1/" + db.name());
    environment.put("PACER_DB_CONNECT_TIMEOUT", "1s");
    environment.put("PACER_DB_RETRY_INTERVAL", "2s");
    try (ProcessNode node = ProcessNode.start("waiting", environment)) {
      await()
          .atMost(Duration.ofSeconds(60))
          .until(() -> node.output().lines().filter(l -> l.contains(" unreachable ")).count() >= 2);

      assertThat(node.isAlive()).isTrue();
      assertThat(node.output().lines().filter(l -> l.contains(" unreachable ")))
          .allMatch(
              line ->
                  line.matches(
                      ".* WARN  Database +Database jdbc:mysql://nobody:\\*{8}@127\\.0\\.0\\.1:1/\\w+"
                          + " unreachable \\(Connection refused\\): attempt \\d+ failed after"
                          + " \\d+\\.\\ds; next attempt in 2s"),
              "one line per attempt stating the attempt's time and the pause");
      assertThat(node.output())
          .doesNotContain(SECRET)
          .contains("db.url = jdbc:mysql://nobody:********@");
      assertThat(node.terminate(Duration.ofSeconds(30))).isZero();
    }
  }

  private static Map<String, String> environment(String url) {
    Map<String, String> environment = new HashMap<>();
    environment.put("PACER_DB_URL", url);
    environment.put("PACER_DB_USER", url.contains("nobody") ? "" : db.user());
    environment.put("PACER_DB_PASSWORD", url.contains("nobody") ? "" : db.password());
    environment.put("PACER_DB_CONNECT_TIMEOUT", "1s");
    return environment;
  }
}
