package dev.pacer.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import dev.pacer.db.Database;
import dev.pacer.testing.LogCapture;
import dev.pacer.testing.TestingDatabase;
import dev.pacer.testing.TestingNode;
import dev.pacer.testing.TestingProxy;
import dev.pacer.testing.TestingServer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A node whose database is not there yet says so in one line per attempt, stating when the next
 * comes, and starts once it is.
 */
class UnreachableDatabaseTest {
  @RegisterExtension static final TestingDatabase db = TestingDatabase.mysql();
  @RegisterExtension final LogCapture log = LogCapture.of(Database.class);
  private static final Pattern TOOK = Pattern.compile("failed after (\\d+\\.\\d)s");

  private static long tookMillis(ILoggingEvent event) {
    Matcher took = TOOK.matcher(event.getFormattedMessage());
    assertThat(took.find()).isTrue();
    return Math.round(Double.parseDouble(took.group(1)) * 1000);
  }

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
                        "Database jdbc:mysql://127\\.0\\.0\\.1:\\d+/\\w+ unreachable \\(.+\\):"
                            + " attempt \\d+ failed after \\d+\\.\\ds; next attempt in 200ms")
                    .doesNotContain("\n");
              });
      // What a line says is when the next one comes: the pause, then an attempt of the time the
      // next line states (each waits up to db.connect-timeout for a connection).
      List<ILoggingEvent> events = log.events();
      for (int i = 1; i < events.size(); i++) {
        long gap = events.get(i).getTimeStamp() - events.get(i - 1).getTimeStamp();
        long stated = 200 + tookMillis(events.get(i));
        assertThat(gap)
            .as("between attempts %d and %d", i, i + 1)
            .isBetween(stated - 150, stated + 3000);
      }

      proxy.restore();
      try (node) {
        assertThat(started.get()).isTrue();
        assertThat(node.http("/health").statusCode()).isEqualTo(200);
      }
    }
  }
}
