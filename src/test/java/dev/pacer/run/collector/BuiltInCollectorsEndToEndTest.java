package dev.pacer.run.collector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.pacer.testing.TestingDatabase;
import dev.pacer.testing.TestingHttpServer;
import dev.pacer.testing.TestingNode;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A history row plus a pacer_item row: a node runs the real collector against a real peer, and the
 * value lands in history.result and pacer_run.
 */
class BuiltInCollectorsEndToEndTest {
  private static final DateTimeFormatter SLOT =
      DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss.SSS");

  @RegisterExtension static final TestingDatabase db = TestingDatabase.mysql();

  @TempDir Path directory;

  @Test
  void eachBuiltInCollectorFillsHistoryAndTheRunLog() throws Exception {
    Path script = directory.resolve("queue-depth.sh");
    Path runs = directory.resolve("runs.log");
    Files.writeString(
        script,
        "#!/bin/sh\n"
            + "echo \"$PACER_ITEM $PACER_SLOT $PACER_ATTEMPT $PACER_NODE\" >> '"
            + runs
            + "'\necho 12.5\n");
    Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwx------"));
    Path log = Files.writeString(directory.resolve("app.log"), "a\nb\nc\nd\n");
    db.execute(
        "CREATE TABLE shop_orders (id INT PRIMARY KEY)",
        "INSERT INTO shop_orders VALUES (1), (2), (3)");

    try (TestingHttpServer http =
            new TestingHttpServer().answer("/status", 200, "{\"queue\":{\"depth\":42}}");
        ServerSocket listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        TestingNode node =
            TestingNode.on(db)
                .set("collector.sql.source.shop.url", db.url())
                .set("collector.sql.source.shop.user", db.user())
                .set("collector.sql.source.shop.password", db.password())
                .set("collector.sql.query.orders.source", "shop")
                .set("collector.sql.query.orders.sql", "SELECT COUNT(*) FROM shop_orders")
                .set("collector.command.queue-depth.command", script.toString())
                .start()) {
      settings("web-depth", "http", http.url("/status"), "{\"json_pointer\": \"/queue/depth\"}");
      settings("web-latency", "http", http.url("/status"), null);
      settings("db-port", "tcp", "127.0.0.1:" + listener.getLocalPort(), null);
      settings("orders", "sql", "orders", null);
      settings("queue", "command", "queue-depth", null);
      settings("log-lines", "file", log.toString(), "{\"mode\": \"lines\"}");
      settings("broken", "http", "ftp://example.com/", null);
      db.insertItems(
          1, "web-depth", "web-latency", "db-port", "orders", "queue", "log-lines", "broken");

      assertThat(awaitSuccess("web-depth")).isEqualTo(42.0);
      assertThat(awaitSuccess("orders")).isEqualTo(3.0);
      assertThat(awaitSuccess("queue")).isEqualTo(12.5);
      assertThat(awaitSuccess("log-lines")).isEqualTo(4.0);
      assertThat(awaitSuccess("web-latency")).isPositive().isLessThan(5_000);
      assertThat(awaitSuccess("db-port")).isPositive().isLessThan(5_000);
      await()
          .until(
              () -> db.column("SELECT error FROM pacer_run WHERE item = 'broken'"),
              errors -> !errors.isEmpty());
      assertThat(db.column("SELECT error FROM pacer_run WHERE item = 'broken'").get(0))
          .isEqualTo("target 'ftp://example.com/' is not an http or https URL");
      for (String item : List.of("web-depth", "orders", "queue", "log-lines")) {
        await()
            .untilAsserted(
                () ->
                    assertThat(db.column("SELECT result FROM history WHERE item = ?", item).get(0))
                        .as(item)
                        .isNotNull());
      }
      assertThat(db.column("SELECT result FROM history WHERE item = 'web-depth'").get(0))
          .isEqualTo(42.0f);
      assertThat(db.column("SELECT result FROM history WHERE item = 'queue'").get(0))
          .isEqualTo(12.5f);
      // The command was told which run it served: the run log has that very run.
      String[] run = Files.readAllLines(runs).get(0).split(" ");
      assertThat(run[0]).isEqualTo("queue");
      String slot =
          SLOT.format(
              LocalDateTime.ofInstant(
                  Instant.ofEpochMilli(Long.parseLong(run[1])), ZoneOffset.UTC));
      assertThat(
              db.count(
                  "SELECT COUNT(*) FROM pacer_run"
                      + " WHERE item = 'queue' AND scheduled_at = ? AND attempt = ? AND node = ?",
                  slot,
                  Integer.parseInt(run[2]),
                  run[3]))
          .isEqualTo(1);
    }
  }

  private static void settings(String item, String collector, String target, String options)
      throws Exception {
    try (var connection = db.connection();
        PreparedStatement insert =
            connection.prepareStatement(
                "INSERT INTO pacer_item (item, collector, target, options) VALUES (?, ?, ?, ?)")) {
      insert.setString(1, item);
      insert.setString(2, collector);
      insert.setString(3, target);
      insert.setString(4, options);
      insert.executeUpdate();
    }
  }

  private static double awaitSuccess(String item) {
    return await()
        .atMost(Duration.ofSeconds(20))
        .until(
            () ->
                db.column(
                    "SELECT result FROM pacer_run WHERE item = ? AND outcome = 'success'"
                        + " ORDER BY id LIMIT 1",
                    item),
            values -> !values.isEmpty())
        .stream()
        .map(v -> ((Number) v).doubleValue())
        .findFirst()
        .orElseThrow();
  }
}
