package dev.pacer.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import dev.pacer.testing.LogCapture;
import dev.pacer.testing.TestingDatabase;
import dev.pacer.testing.TestingNode;
import dev.pacer.testing.TestingProxy;
import dev.pacer.testing.TestingServer;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The database goes away for 30 s under two running nodes: they say so, turn unhealthy, and resume
 * by themselves when it returns, with no item stuck and no run recorded twice.
 */
class DatabaseLossTest {
  @RegisterExtension static final TestingDatabase db = TestingDatabase.mysql().withSchema();
  @RegisterExtension final LogCapture log = LogCapture.of("ROOT");

  @Test
  void nodesPauseWhileTheDatabaseIsGoneAndResumeByThemselves() throws Exception {
    TestingServer server = TestingServer.get();
    String[] items = IntStream.range(0, 20).mapToObj(i -> "item" + i).toArray(String[]::new);
    db.insertItems(1, items);
    try (TestingProxy proxy = new TestingProxy(server.host(), server.port());
        TestingNode a = node(proxy, "a");
        TestingNode b = node(proxy, "b")) {
      await().until(() -> db.count("SELECT COUNT(DISTINCT item) FROM pacer_run") == 20);

      proxy.cut();
      Instant cut = Instant.now();
      await().atMost(Duration.ofSeconds(10)).until(() -> a.http("/health").statusCode() == 503);
      await().atMost(Duration.ofSeconds(10)).until(() -> b.http("/health").statusCode() == 503);
      // The outage itself: the database stays away for 30 s.
      Thread.sleep(Duration.ofSeconds(30).minus(Duration.between(cut, Instant.now())).toMillis());
      List<ILoggingEvent> duringOutage = log.events();

      proxy.restore();
      Instant restored = Instant.now();
      // Within a lease timeout (8 s): each node runs its own lost attempts again at once, and the
      // fires the outage made late do not count as the node not keeping up.
      await()
          .atMost(Duration.ofSeconds(8))
          .until(
              () ->
                  db.count(
                          "SELECT COUNT(DISTINCT item) FROM pacer_run WHERE started_at > ?",
                          java.time.LocalDateTime.ofInstant(restored, java.time.ZoneOffset.UTC))
                      == 20);

      System.out.printf(
          "Database away 30 s: every item ran again %d ms after it returned%n",
          Duration.between(restored, Instant.now()).toMillis());
      await().atMost(Duration.ofSeconds(8)).until(() -> a.http("/health").statusCode() == 200);
      await().atMost(Duration.ofSeconds(8)).until(() -> b.http("/health").statusCode() == 200);
      System.out.printf(
          "Both nodes healthy %d ms after it returned%n",
          Duration.between(restored, Instant.now()).toMillis());
      assertThat(messages(duringOutage, Level.WARN, "unreachable"))
          .as("one clear line per node")
          .hasSize(2)
          .allMatch(m -> m.contains("runs pause until it returns"));
      List<ILoggingEvent> problems =
          duringOutage.stream().filter(e -> e.getLevel().isGreaterOrEqual(Level.WARN)).toList();
      assertThat(problems).as("a readable log, not a flood").hasSizeLessThanOrEqualTo(6);
      assertThat(problems).allMatch(e -> e.getThrowableProxy() == null, "no stack traces");
    }
    assertThat(messages(log.events(), Level.INFO, "reachable again")).hasSize(2);
    assertThat(
            db.count(
                "SELECT COUNT(*) FROM QRTZ_TRIGGERS WHERE TRIGGER_STATE IN ('ERROR', 'BLOCKED', 'ACQUIRED')"))
        .as("triggers left stuck")
        .isZero();
    assertThat(
            db.count(
                "SELECT COUNT(*) FROM (SELECT item FROM pacer_run"
                    + " GROUP BY item, scheduled_at, attempt HAVING COUNT(*) > 1) d"))
        .as("runs recorded twice")
        .isZero();
  }

  private static TestingNode node(TestingProxy proxy, String id) throws Exception {
    return TestingNode.on(db)
        .set("db.url", "jdbc:mysql://127.0.0.1:" + proxy.port() + "/" + db.name())
        .set("db.connect-timeout", "1s")
        .set("node.id", id)
        .start();
  }

  private static List<String> messages(List<ILoggingEvent> events, Level level, String text) {
    return events.stream()
        .filter(e -> e.getLevel() == level && e.getFormattedMessage().contains(text))
        .map(ILoggingEvent::getFormattedMessage)
        .toList();
  }
}
