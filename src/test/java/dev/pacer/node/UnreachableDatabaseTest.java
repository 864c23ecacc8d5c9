package dev.pacer.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import dev.pacer.db.Database;
import dev.pacer.testing.LogCapture;
import dev.pacer.testing.TestingDatabase;
import dev.pacer.testing.TestingNode;
import dev.pacer.testing.TestingProxy;
import dev.pacer.testing.TestingServer;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A node whose database is not there yet says so in one line per attempt and starts once it is. */
class UnreachableDatabaseTest {
  @RegisterExtension static final TestingDatabase db = TestingDatabase.mysql();
  @RegisterExtension final LogCapture log = LogCapture.of(Database.class);

  @Test
  void retriesWithOneLineEachAndStartsWhenTheDatabaseAppears() throws Exception {
    TestingServer server = TestingServer.get();
    try (TestingProxy proxy = new TestingProxy(server.host(), server.port())) {
      proxy.cut();
      TestingNode node =
          TestingNode.on(db)
              .set("db.url", "jdbc:mysql://127.0.0.1:" + proxy.port() + "/" + db.name())
              .set("db.connect-timeout", "500ms")
              .set("db.retry-interval", "200ms")
              .build();
      CompletableFuture<Boolean> started = node.startInBackground();

      await().atMost(Duration.ofSeconds(20)).until(() -> log.events().size() >= 3);
      assertThat(started).isNotDone();
      assertThat(log.events())
          .allSatisfy(
              event -> {
                assertThat(event.getLevel()).isEqualTo(Level.WARN);
                assertThat(event.getThrowableProxy()).as("no stack trace").isNull();
                assertThat(event.getFormattedMessage())
                    .matches(
                        "Database jdbc:mysql://127\\.0\\.0\\.1:\\d+/\\w+ unreachable \\(.+\\),"
                            + " attempt \\d+; retrying in 200ms")
                    .doesNotContain("\n");
              });

      proxy.restore();
      try (node) {
        assertThat(started.get()).isTrue();
        assertThat(node.http("/health").statusCode()).isEqualTo(200);
      }
    }
  }
}
