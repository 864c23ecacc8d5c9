package dev.pacer.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import dev.pacer.testing.LogCapture;
import dev.pacer.testing.TestingDatabase;
import dev.pacer.testing.TestingNode;
import dev.pacer.testing.TestingProxy;
import dev.pacer.testing.TestingServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The database password appears nowhere: not in logs, errors or /health. HTTP is local. */
class SecurityTest {
  @RegisterExtension static final TestingDatabase db = TestingDatabase.mysql();
  @RegisterExtension final LogCapture log = LogCapture.of("ROOT");

  private static final String USER = "pacer_secret_test";
  private static final String PASSWORD = "Pw-9f3Kq!zX-never-print-me";

  @BeforeAll
  static void createUser() throws Exception {
    for (String host : List.of("localhost", "%")) {
      db.execute(
          "CREATE USER IF NOT EXISTS '"
              + USER
              + "'@'"
              + host
              + "' IDENTIFIED BY '"
              + PASSWORD
              + "'",
          "GRANT ALL ON " + db.name() + ".* TO '" + USER + "'@'" + host + "'");
    }
  }

  @AfterAll
  static void dropUser() throws Exception {
    for (String host : List.of("localhost", "%")) {
      db.execute("DROP USER IF EXISTS '" + USER + "'@'" + host + "'");
    }
  }

  @Test
  void thePasswordNeverAppearsInLogsErrorsOrHealth() throws Exception {
    TestingServer server = TestingServer.get();
    List<String> bodies = new ArrayList<>();
    try (TestingProxy proxy = new TestingProxy(server.host(), server.port());
        TestingNode node =
            TestingNode.on(db)
                .set("db.url", "jdbc:mysql://127.0.0.1:" + proxy.port() + "/" + db.name())
                .set("db.user", USER)
                .set("db.password", PASSWORD)
                .set("db.connect-timeout", "1s")
                .start()) {
      db.insertItems(1, "a", "b");
      await().until(() -> db.count("SELECT COUNT(*) FROM pacer_run") >= 4);
      bodies.add(node.http("/health").body());

      proxy.cut(); // the error paths: lost connections, failed syncs and writes
      await().atMost(Duration.ofSeconds(15)).until(() -> node.http("/health").statusCode() == 503);
      bodies.add(node.http("/health").body());
      proxy.restore();
      await().atMost(Duration.ofSeconds(30)).until(() -> node.http("/health").statusCode() == 200);
    }
    wrongPasswordIsRejectedWithoutEchoingIt();

    assertThat(bodies).noneMatch(body -> body.contains(PASSWORD));
    assertThat(log.messages()).anyMatch(m -> m.contains("db.password = ********"));
    for (ILoggingEvent event : log.events()) {
      assertThat(text(event)).doesNotContain(PASSWORD).doesNotContain("never-print-me");
    }
  }

  private void wrongPasswordIsRejectedWithoutEchoingIt() throws Exception {
    try (TestingNode wrong =
        TestingNode.on(db)
            .set("db.user", USER)
            .set("db.password", PASSWORD + "-wrong")
            .set("db.retry-interval", "200ms")
            .build()) {
      java.util.concurrent.CompletableFuture<Boolean> started = wrong.startInBackground();
      // A refused password is permanent: the node stops, naming the database's reason.
      await().atMost(Duration.ofSeconds(30)).until(started::isDone);
      assertThat(started).isCompletedExceptionally();
      Throwable refused = started.handle((ok, error) -> error).join();
      assertThat(refused).hasStackTraceContaining("Access denied");
      for (Throwable cause = refused; cause != null; cause = cause.getCause()) {
        assertThat(String.valueOf(cause.getMessage())).doesNotContain(PASSWORD);
      }
    }
  }

  @Test
  void httpListensOnLoopbackUnlessConfigured() throws Exception {
    try (TestingNode node = TestingNode.on(db).start()) {
      assertThat(node.httpAddress().getAddress().isLoopbackAddress()).isTrue();
    }
  }

  private static String text(ILoggingEvent event) {
    StringBuilder text = new StringBuilder(event.getFormattedMessage());
    for (IThrowableProxy error = event.getThrowableProxy();
        error != null;
        error = error.getCause()) {
      text.append('\n').append(error.getClassName()).append(": ").append(error.getMessage());
    }
    return text.toString();
  }
}
