package dev.pacer.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.pacer.testing.TestingCollector;
import dev.pacer.testing.TestingDatabase;
import dev.pacer.testing.TestingNode;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** /metrics in Prometheus's text format, with what a node did. */
class MetricsTest {
  @RegisterExtension static final TestingDatabase db = TestingDatabase.mysql().withSchema();

  @Test
  void exposesRunsSyncItemsWorkersAndThePool() throws Exception {
    db.clearItemsAndScheduler();
    TestingCollector collector =
        new TestingCollector(
            "flaky",
            item -> {
              if (item.equals("broken")) {
                throw new IllegalStateException("no answer");
              }
              return 42;
            });
    try (TestingNode node =
        TestingNode.on(db)
            .set("db.pool-size", "10")
            .set("scheduler.threads", "25")
            .collector(collector)
            .start()) {
      db.insertItems(1, "ok-1", "ok-2", "broken");
      db.execute("INSERT INTO pacer_item (item, paused) VALUES ('ok-2', 1)");
      await()
          .atMost(Duration.ofSeconds(20))
          .until(() -> value(scrape(node), "pacer_runs_total\\{outcome=\"failure\"}") >= 2);
      HttpResponse<String> response = node.http("/metrics");
      String text = response.body();

      assertThat(response.statusCode()).isEqualTo(200);
      assertThat(response.headers().firstValue("Content-Type"))
          .hasValue("text/plain; version=0.0.4; charset=utf-8");
      assertThat(value(text, "pacer_runs_total\\{outcome=\"success\"}")).isPositive();
      assertThat(text)
          .contains("# TYPE pacer_run_duration_seconds histogram")
          .contains("pacer_run_duration_seconds_bucket{le=\"0.005\"}")
          .contains("# TYPE pacer_run_lateness_seconds histogram")
          .contains("pacer_run_lateness_seconds_bucket{le=\"1.0\"}")
          .contains("pacer_workers_size 25.0")
          .contains("hikaricp_connections_max{pool=\"pacer-db\"} 10.0")
          .contains("jvm_memory_used_bytes");
      assertThat(value(text, "pacer_run_lateness_seconds_count")).isPositive();
      // The ticks that scheduled and paused the items read them; the ticks since found no change.
      assertThat(
              value(text, "pacer_sync_duration_seconds_count\\{changed=\"true\",leader=\"true\"}"))
          .isBetween(1.0, 2.0);
      assertThat(
              value(text, "pacer_sync_duration_seconds_count\\{changed=\"false\",leader=\"true\"}"))
          .isPositive();
      assertThat(value(text, "pacer_sync_lag_seconds")).isBetween(0.0, 2.0);
      assertThat(value(text, "pacer_workers_busy")).isBetween(0.0, 25.0);
      assertThat(value(text, "hikaricp_connections_active\\{pool=\"pacer-db\"}")).isNotNegative();
      await().until(() -> value(scrape(node), "pacer_items\\{state=\"paused\"}") == 1);
      String later = scrape(node);
      assertThat(
              value(later, "pacer_items\\{state=\"waiting\"}")
                  + value(later, "pacer_items\\{state=\"running\"}"))
          .isEqualTo(2);
      assertThat(value(later, "pacer_items\\{state=\"unscheduled\"}")).isZero();
      assertThat(value(later, "pacer_cluster_members\\{status=\"up\"}")).isOne();
    }
  }

  @Test
  void aScrapeDoesNotWaitForASlowCountOfTheItems() throws Exception {
    db.clearItemsAndScheduler();
    try (TestingNode node = TestingNode.on(db).start()) {
      db.insertItems(60, "counted-1");
      await().until(() -> value(scrape(node), "pacer_items\\{state=\"waiting\"}") == 1);
      try (Connection locking = db.connection();
          Statement statement = locking.createStatement()) {
        // The count reads the history table, which this session keeps everyone else from reading.
        statement.execute("LOCK TABLES history WRITE");
        // Scrapes go on answering, within a second or so, with the last count.
        await()
            .during(Duration.ofSeconds(3))
            .atMost(Duration.ofSeconds(10))
            .until(() -> value(scrape(node), "pacer_items\\{state=\"waiting\"}") == 1);
        statement.execute(
            "INSERT INTO history (item, last_execution_time, execution_interval)"
                + " VALUES ('counted-2', NOW(), 60)");
        statement.execute("UNLOCK TABLES");
      }
      await().until(() -> value(scrape(node), "pacer_items\\{state=\"waiting\"}") == 2);
    }
  }

  private static String scrape(TestingNode node) throws Exception {
    return node.http("/metrics").body();
  }

  private static double value(String text, String series) {
    Matcher m = Pattern.compile("(?m)^" + series + " (\\S+)$").matcher(text);
    assertThat(m.find()).as(series + " in\n" + text).isTrue();
    return Double.parseDouble(m.group(1));
  }
}
