package dev.pacer.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pacer.cli.CommandLineRunner.Result;
import dev.pacer.testing.TestingDatabase;
import dev.pacer.testing.TestingNode;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** bin/pacer's operating commands, on the real database, with and without a node running. */
class CommandLineTest {
  @RegisterExtension static final TestingDatabase db = TestingDatabase.mysql();
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path directory;
  private CommandLineRunner pacer;

  @BeforeEach
  void configure() throws Exception {
    pacer = new CommandLineRunner(directory, db.nodeProperties());
    assertThat(pacer.run("schema", "apply").exit()).isZero();
    db.execute("DELETE FROM history", "DELETE FROM pacer_item");
  }

  @Test
  void managesItemsWithoutANodeRunning() throws Exception {
    Result added = pacer.run("add", "web-latency", "60");
    assertThat(added.exit()).as(added.toString()).isZero();
    assertThat(added.out()).startsWith("Added web-latency, every 60 s; first run due at ");
    assertThat(db.count("SELECT execution_interval FROM history WHERE item = 'web-latency'"))
        .isEqualTo(60);

    Result rescheduled = pacer.run("reschedule", "web-latency", "30");
    assertThat(rescheduled.out()).isEqualTo("Rescheduled web-latency: every 30 s (was 60 s)\n");
    assertThat(db.count("SELECT execution_interval FROM history WHERE item = 'web-latency'"))
        .isEqualTo(30);

    assertThat(pacer.run("pause", "web-latency").exit()).isZero();
    assertThat(
            db.count("SELECT COUNT(*) FROM pacer_item WHERE item = 'web-latency' AND paused = 1"))
        .isOne();
    JsonNode items = JSON.readTree(pacer.run("items", "--json").out());
    assertThat(items).hasSize(1);
    assertThat(items.at("/0/item").asText()).isEqualTo("web-latency");
    assertThat(items.at("/0/interval").asInt()).isEqualTo(30);
    assertThat(items.at("/0/state").asText()).isEqualTo("paused");
    assertThat(pacer.run("resume", "web-latency").exit()).isZero();
    assertThat(
            db.count("SELECT COUNT(*) FROM pacer_item WHERE item = 'web-latency' AND paused = 1"))
        .isZero();

    Result status = pacer.run("status");
    assertThat(status.out())
        .contains("Cluster: 0 node(s) up, 0 silent")
        .contains("Items: 1 total, 0 due, 0 overdue, 0 failing, 0 paused, 1 unscheduled");

    assertThat(pacer.run("remove", "web-latency").out()).isEqualTo("Removed web-latency\n");
    assertThat(db.count("SELECT COUNT(*) FROM history")).isZero();
  }

  @Test
  void namesTheProblemInOneLineWithExitCodeOne() {
    Result unknown = pacer.run("remove", "no-such-item");
    assertThat(unknown.exit()).isEqualTo(1);
    assertThat(unknown.err()).isEqualTo("pacer: unknown item 'no-such-item'\n");
    assertThat(unknown.out()).isEmpty();

    pacer.run("add", "twice", "10");
    Result duplicate = pacer.run("add", "twice", "10");
    assertThat(duplicate.exit()).isEqualTo(1);
    assertThat(duplicate.err()).isEqualTo("pacer: item 'twice' exists already\n");
  }

  @Test
  void anUnreachableDatabaseIsOneLineWithExitCodeOne() throws Exception {
    Map<String, String> properties = db.nodeProperties();
    properties.put("db.url", "jdbc:mysql://127.0.0.1:1/nowhere");
    properties.put("db.connect-timeout", "1s");
    Result result = new CommandLineRunner(directory, properties).run("items");

    assertThat(result.exit()).isEqualTo(1);
    assertThat(result.err()).startsWith("pacer: cannot reach the database: ");
    assertThat(result.err().lines()).hasSize(1);
  }

  @Test
  void aDatabaseWithoutTablesNamesTheFix() throws Exception {
    Map<String, String> properties =
        Map.of("db.url", "jdbc:h2:file:" + directory.resolve("empty").toAbsolutePath());
    Result result = new CommandLineRunner(directory, properties).run("status");

    assertThat(result.exit()).isEqualTo(1);
    assertThat(result.err())
        .startsWith("pacer: Table \"PACER_MEMBER\" not found")
        .endsWith("(create the tables: bin/pacer schema apply)\n");
  }

  @Test
  void usageErrorsExitWithTwo() {
    assertThat(pacer.run("add", "item", "-5").exit()).isEqualTo(2);
    assertThat(pacer.run("add", "item", "often").exit()).isEqualTo(2);
    assertThat(pacer.run("reschedule", "item").exit()).isEqualTo(2);
    assertThat(pacer.run("pause").exit()).isEqualTo(2);
    assertThat(pacer.run("pause", "item", "--all").exit()).isEqualTo(2);
    assertThat(pacer.run("frobnicate").exit()).isEqualTo(2);
    Result negative = pacer.run("reschedule", "item", "0");
    assertThat(negative.err()).contains("SECONDS must be a positive number of seconds, not 0");
  }

  @Test
  void runSaysWhyItCannotQueueARunInScaleMode() throws Exception {
    db.insertItems(3600, "grouped");
    try (TestingNode node =
        TestingNode.on(db)
            .set("schedule.group-window", "100ms")
            .set("db.pool-size", "10")
            .start()) {
      await().until(() -> db.count("SELECT COUNT(*) FROM pacer_group WHERE item = 'grouped'") == 1);

      Result run = pacer.run("run", "grouped");

      assertThat(run.exit()).isEqualTo(1);
      assertThat(run.err()).startsWith("pacer: grouped runs in scale mode");
      JsonNode items = JSON.readTree(pacer.run("items", "--json").out());
      assertThat(items.at("/0/state").asText()).isEqualTo("waiting");
    }
    db.execute("DELETE FROM history WHERE item = 'grouped'", "DELETE FROM pacer_group");
  }

  @Test
  void runsAnItemNowOnARunningNodeAndShowsItsRuns() throws Exception {
    db.insertItems(3600, "disk", "cpu");
    try (TestingNode node = TestingNode.on(db).set("db.pool-size", "10").start()) {
      await()
          .until(
              () ->
                  db.count("SELECT COUNT(*) FROM QRTZ_TRIGGERS WHERE TRIGGER_GROUP = 'pacer'")
                      == 2);
      Instant before = Instant.now();

      Result run = pacer.run("run", "disk", "--wait");

      assertThat(run.exit()).as(run.toString()).isZero();
      assertThat(run.out()).startsWith("Queued a run of disk\nsuccess on ");
      assertThat(db.count("SELECT COUNT(*) FROM pacer_run WHERE item = 'disk'")).isOne();
      assertThat(db.count("SELECT COUNT(*) FROM pacer_run WHERE item = 'cpu'")).isZero();
      JsonNode runs = JSON.readTree(pacer.run("runs", "disk", "--json").out());
      assertThat(runs).hasSize(1);
      assertThat(Instant.parse(runs.at("/0/startedAt").asText())).isAfter(before.minusSeconds(1));
      assertThat(runs.at("/0/outcome").asText()).isEqualTo("success");

      JsonNode items = JSON.readTree(pacer.run("items", "--json").out());
      assertThat(items.at("/1/item").asText()).isEqualTo("disk");
      assertThat(items.at("/1/lastNode").asText()).isNotEmpty();
      assertThat(items.at("/1/state").asText()).isEqualTo("waiting");
      assertThat(pacer.run("status").out()).contains("Cluster: 1 node(s) up, 0 silent");

      assertThat(pacer.run("pause", "--all").out()).startsWith("Paused 2 item(s)");
      await()
          .atMost(Duration.ofSeconds(10))
          .until(
              () ->
                  db.count(
                          "SELECT COUNT(*) FROM QRTZ_TRIGGERS WHERE TRIGGER_GROUP = 'pacer'"
                              + " AND TRIGGER_STATE = 'PAUSED'")
                      == 2);
      assertThat(pacer.run("resume", "--all").exit()).isZero();
      await()
          .atMost(Duration.ofSeconds(10))
          .until(
              () ->
                  db.count(
                          "SELECT COUNT(*) FROM QRTZ_TRIGGERS WHERE TRIGGER_GROUP = 'pacer'"
                              + " AND TRIGGER_STATE = 'WAITING'")
                      == 2);
    }
    Result withoutNode = pacer.run("run", "cpu");
    assertThat(withoutNode.exit()).isZero();
    assertThat(withoutNode.out())
        .isEqualTo("Queued a run of cpu; no node is running, so it runs when one starts\n");
  }
}
