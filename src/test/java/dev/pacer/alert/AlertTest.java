package dev.pacer.alert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import dev.pacer.testing.LogCapture;
import dev.pacer.testing.TestingCollector;
import dev.pacer.testing.TestingDatabase;
import dev.pacer.testing.TestingNode;
import jakarta.mail.internet.MimeMessage;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Alerts reach a real webhook receiver and a real SMTP server, once per episode: an item failing
 * again and again, a node that stops checking in, and their recoveries.
 */
class AlertTest {
  @RegisterExtension static final TestingDatabase db = TestingDatabase.mysql();
  @RegisterExtension final LogCapture log = LogCapture.of("pacer.alert");

  private WebhookReceiver webhook;
  private GreenMail smtp;

  @BeforeEach
  void startReceivers() throws Exception {
    webhook = new WebhookReceiver();
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    smtp = new GreenMail(new ServerSetup(port, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
    smtp.start();
  }

  @AfterEach
  void stopReceivers() {
    webhook.close();
    smtp.stop();
  }

  private TestingNode.Builder node(String id) {
    return TestingNode.on(db)
        .set("db.pool-size", "10")
        .set("node.id", id)
        .set("alert.failures", "2")
        .set("alert.webhook-url", webhook.url())
        .set("alert.mail.to", "ops@example.com")
        .set("alert.mail.from", "pacer@example.com")
        .set("alert.mail.smtp-host", "127.0.0.1")
        .set("alert.mail.smtp-port", Integer.toString(smtp.getSmtp().getPort()));
  }

  @Test
  void alertsOnceWhenAnItemKeepsFailingAndOnceWhenItWorksAgain() throws Exception {
    AtomicBoolean broken = new AtomicBoolean(true);
    TestingCollector collector =
        new TestingCollector(
            "probe",
            item -> {
              if (broken.get()) {
                throw new IllegalStateException("connection refused");
              }
              return 7;
            });
    try (TestingNode node = node("alerting").collector(collector).start()) {
      db.insertItems(1, "web");

      JsonNode firing =
          await()
              .atMost(Duration.ofSeconds(20))
              .until(() -> webhook.about("web", "firing"), alerts -> !alerts.isEmpty())
              .get(0);
      assertThat(firing.get("kind").asText()).isEqualTo("item-failing");
      assertThat(firing.get("summary").asText())
          .isEqualTo(
              "web failed 2 times in a row; last error on alerting:"
                  + " IllegalStateException: connection refused");
      assertThat(firing.get("text").asText()).startsWith("[pacer] ALERT web failed 2 times");
      assertThat(firing.get("node").asText()).isEqualTo("alerting");
      MimeMessage mail = await().until(() -> smtp.getReceivedMessages(), m -> m.length > 0)[0];
      assertThat(mail.getSubject()).startsWith("[pacer] ALERT web failed 2 times in a row");
      assertThat(Arrays.toString(mail.getAllRecipients())).contains("ops@example.com");
      assertThat(log.events())
          .anySatisfy(
              e -> {
                assertThat(e.getLevel().toString()).isEqualTo("WARN");
                assertThat(e.getFormattedMessage()).startsWith("ALERT web failed 2 times");
              });

      // More failures are the same episode: no second alert.
      await()
          .atMost(Duration.ofSeconds(20))
          .until(() -> db.count("SELECT COUNT(*) FROM pacer_run WHERE item = 'web'") >= 5);
      assertThat(webhook.about("web", "firing")).hasSize(1);

      broken.set(false);
      JsonNode resolved =
          await()
              .atMost(Duration.ofSeconds(20))
              .until(() -> webhook.about("web", "resolved"), alerts -> !alerts.isEmpty())
              .get(0);
      assertThat(resolved.get("summary").asText()).startsWith("web works again: 7.0 on alerting");
      await().until(() -> smtp.getReceivedMessages().length == 2);
      assertThat(smtp.getReceivedMessages()[1].getSubject()).startsWith("[pacer] RESOLVED web");
      assertThat(webhook.about("web", "firing")).hasSize(1);
      assertThat(db.count("SELECT COUNT(*) FROM pacer_alert")).isZero();
    }
  }

  @Test
  void alertsWhenANodeStopsCheckingInButNotWhenItStopsGracefully() throws Exception {
    try (TestingNode watcher = node("watcher").start()) {
      // A node that joined, then died: its lease lapsed a minute ago.
      db.execute(
          "INSERT INTO pacer_member (instance, joined_at, last_checkin, checkin_interval, epoch,"
              + " lease_until, since) VALUES ('ghost', '2026-01-01 00:00:00',"
              + " UNIX_TIMESTAMP(NOW(3)) * 1000 - 68000, 1000, 1,"
              + " UNIX_TIMESTAMP(NOW(3)) * 1000 - 60000, 0)");
      // The watcher judges once it has been a member for a lease timeout (8 s).
      JsonNode firing =
          await()
              .atMost(Duration.ofSeconds(30))
              .until(() -> webhook.about("ghost", "firing"), alerts -> !alerts.isEmpty())
              .get(0);
      assertThat(firing.get("kind").asText()).isEqualTo("member-silent");
      assertThat(firing.get("summary").asText()).startsWith("node ghost stopped checking in");
      await().until(() -> smtp.getReceivedMessages().length == 1);

      // It comes back.
      db.execute(
          "UPDATE pacer_member SET lease_until = UNIX_TIMESTAMP(NOW(3)) * 1000 + 60000,"
              + " last_checkin = UNIX_TIMESTAMP(NOW(3)) * 1000 WHERE instance = 'ghost'");
      JsonNode resolved =
          await()
              .atMost(Duration.ofSeconds(15))
              .until(() -> webhook.about("ghost", "resolved"), alerts -> !alerts.isEmpty())
              .get(0);
      assertThat(resolved.get("summary").asText()).isEqualTo("node ghost checks in again");
      db.execute("DELETE FROM pacer_member WHERE instance = 'ghost'"); // and stops gracefully

      TestingNode leaving = node("leaving").start();
      await()
          .until(
              () -> db.count("SELECT COUNT(*) FROM pacer_member WHERE instance = 'leaving'") == 1);
      leaving.close();
      // Longer than a dead node takes to be reported (its lease lapses after 8 s).
      await()
          .during(Duration.ofSeconds(12))
          .atMost(Duration.ofSeconds(14))
          .until(() -> webhook.about("leaving", "firing").isEmpty());
      List<JsonNode> ghostAlerts = webhook.about("ghost", "firing");
      assertThat(ghostAlerts).hasSize(1);
    }
  }
}
