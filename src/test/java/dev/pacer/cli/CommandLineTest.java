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
import java.util.List;
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
        .contains("Items: 1 total, 0 late, 0 overdue, 0 failing, 0 paused, 1 unscheduled");

    assertThat(pacer.run("remove", "web-latency").out()).isEqualTo("Removed web-latency\n");
    assertThat(db.count("SELECT COUNT(*) FROM history")).isZero();
  }

  @Test
  void namesTheProblemInOneLineWithExitCodeOne() {
    Result unknown = pacer.run("remove", "no-such-item");
    assertThat(unknown.exit()).isEqualTo(1);
    assertThat(unknown.err()).isEqualTo("pacer: error: unknown item 'no-such-item'\n");
    assertThat(unknown.out()).isEmpty();

    pacer.run("add", "twice", "10");
    Result duplicate = pacer.run("add", "twice", "10");
    assertThat(duplicate.exit()).isEqualTo(1);
    assertThat(duplicate.err()).isEqualTo("pacer: error: item 'twice' exists already\n");

    for (String command : List.of("reschedule", "pause", "resume", "run", "runs")) {
      Result result =
          command.equals("reschedule")
              ? pacer.run(command, "no-such-item", "10")
              : pacer.run(command, "no-such-item");
      assertThat(result.exit()).as(command).isEqualTo(1);
      assertThat(result.err()).as(command).isEqualTo("pacer: error: unknown item 'no-such-item'\n");
    }
  }

  @Test
  void anUnreachableDatabaseIsOneLineWithExitCodeOne() throws Exception {
    Map<String, String> properties = db.nodeProperties();
    properties.put("db.url", "jdbc:mysql://127.0.0.1:1/nowhere");
    properties.put("db.connect-timeout", "1s");
    Result result = new CommandLineRunner(directory, properties).run("items");

    assertThat(result.exit()).isEqualTo(1);
    assertThat(result.err()).startsWith("pacer: error: cannot reach the database: ");
    assertThat(result.err().lines()).hasSize(1);
  }

  @Test
  void aDatabaseWithoutTablesNamesTheFix() throws Exception {
    Map<String, String> properties =
        Map.of("db.url", "jdbc:h2:file:" + directory.resolve("empty").toAbsolutePath());
    Result result = new CommandLineRunner(directory, properties).run("status");

    assertThat(result.exit()).isEqualTo(1);
    assertThat(result.err())
        .startsWith("pacer: error: Table \"PACER_MEMBER\" not found")
        .endsWith("(create the tables: bin/pacer schema apply)\n");
  }

  @Test
  void usageErrorsAreOneErrorLineAndAHintWithExitCodeTwo() {
    for (List<String> call :
        List.of(
            List.of("add", "item", "-5"),
            List.of("add", "item", "often"),
            List.of("reschedule", "item"),
            List.of("pause"),
            List.of("pause", "item", "--all"),
            List.of("items", "--colour"),
            List.of("runs", "item", "-n", "0"),
            List.of("schema", "drop"),
            List.of("demo-data", "0"))) {
      Result result = pacer.run(call.toArray(String[]::new));
      assertThat(result.exit()).as(result.toString()).isEqualTo(2);
      assertThat(result.err()).as(result.toString()).startsWith("pacer: error: ");
      assertThat(result.err())
          .as(result.toString())
          .endsWith("(pacer help " + call.get(0) + " describes the command)\n");
      assertThat(result.out()).isEmpty();
    }
    Result unknown = CommandLineRunner.runAsGiven("frobnicate");
    assertThat(unknown.exit()).isEqualTo(2);
    assertThat(unknown.err())
        .startsWith("pacer: error: Unmatched argument at index 0: 'frobnicate'\n")
        .endsWith("(pacer --help lists the commands)\n");
    assertThat(pacer.run("schema", "drop").err())
        .startsWith("pacer: error: unknown action 'drop' (known: apply)\n");
  }

  @Test
  void takesAnIntervalInSecondsOrAsADurationOfWholeSeconds() throws Exception {
    Map<String, Integer> intervals =
        Map.of("10", 10, "10s", 10, "1m", 60, "PT10S", 10, "2h", 7200, "2000ms", 2, "1d", 86_400);
    for (Map.Entry<String, Integer> interval : intervals.entrySet()) {
      String item = "every-" + interval.getKey();
      Result added = pacer.run("add", item, interval.getKey());
      assertThat(added.exit()).as(added.toString()).isZero();
      assertThat(added.out()).startsWith("Added " + item + ", every " + interval.getValue() + " s");
      assertThat(db.count("SELECT execution_interval FROM history WHERE item = ?", item))
          .isEqualTo(interval.getValue().longValue());
    }

    Result rescheduled = pacer.run("reschedule", "every-10", "5m");
    assertThat(rescheduled.out()).isEqualTo("Rescheduled every-10: every 300 s (was 10 s)\n");
    assertThat(db.count("SELECT execution_interval FROM history WHERE item = 'every-10'"))
        .isEqualTo(300);
  }

  @Test
  void refusesAnIntervalTheHistoryColumnCannotHoldNamingTheValue() throws Exception {
    Map<String, String> refused =
        Map.of(
            "1.5s", "INTERVAL: '1.5s' is not a whole number of seconds",
            "500ms", "INTERVAL: '500ms' is not a whole number of seconds",
            "PT0.5S", "INTERVAL: 'PT0.5S' is not a whole number of seconds",
            "0", "INTERVAL: '0' is not positive",
            "0s", "INTERVAL: '0s' is not positive",
            "-5", "INTERVAL: '-5' is not positive",
            "PT-5S", "INTERVAL: 'PT-5S' is not positive",
            "often", "INTERVAL: 'often' is not an interval (examples: 60, 60s, 5m, 1h, PT60S)",
            "100000d", "INTERVAL: '100000d' is more than the column holds (2147483647 s)");
    pacer.run("add", "kept", "60");
    for (Map.Entry<String, String> interval : refused.entrySet()) {
      for (String command : List.of("add", "reschedule")) {
        Result result =
            pacer.run(command, command.equals("add") ? "new" : "kept", interval.getKey());
        assertThat(result.exit()).as(result.toString()).isEqualTo(2);
        assertThat(result.err()).startsWith("pacer: error: " + interval.getValue() + "\n");
      }
    }
    assertThat(db.column("SELECT CONCAT(item, '/', execution_interval) FROM history"))
        .containsExactly("kept/60");
  }

  @Test
  void listsItemsInNaturalOrderAndAPausedItemHasNoNextRun() throws Exception {
    db.insertItems(60, "item10", "item2", "item1", "Item3", "item0", "item02");
    pacer.run("pause", "item2");
    db.execute(
        "INSERT INTO pacer_item (item, collector) VALUES ('item10', 'noop'), ('item1', 'noop')");
    try (TestingNode node = TestingNode.on(db).set("db.pool-size", "10").start()) {
      await()
          .until(
              () ->
                  db.count("SELECT COUNT(*) FROM pacer_group WHERE paused = 1") == 1
                      && db.count("SELECT COUNT(*) FROM pacer_group") == 6);
    }
    // Its trigger stopped at the slot it had: a time that passes while it stays paused.
    db.execute("UPDATE QRTZ_TRIGGERS SET NEXT_FIRE_TIME = NEXT_FIRE_TIME - 600000");

    Result items = pacer.run("items");

    assertThat(items.out().lines().skip(1).map(line -> line.split(" +")[0]))
        .containsExactly("Item3", "item0", "item1", "item02", "item2", "item10");
    String paused = items.out().lines().filter(l -> l.startsWith("item2 ")).findFirst().get();
    assertThat(paused).matches("item2 +60s +.+ago +- +paused +paused +0 +-");
    JsonNode json = JSON.readTree(pacer.run("items", "--json").out());
    assertThat(json.findValuesAsText("item"))
        .containsExactly("Item3", "item0", "item1", "item02", "item2", "item10");
    assertThat(json.at("/4/state").asText()).isEqualTo("paused");
    assertThat(json.at("/4/nextRun").isNull()).isTrue();
    assertThat(pacer.run("settings").out().lines().map(line -> line.split("\t")[0]))
        .containsExactly("item1", "item2", "item10");
    db.clearItemsAndScheduler();
  }

  @Test
  void runQueuesARunOfAnItemBetweenItsSlots() throws Exception {
    db.insertItems(3600, "hourly");
    try (TestingNode node = TestingNode.on(db).set("db.pool-size", "10").start()) {
      await().until(() -> db.count("SELECT COUNT(*) FROM pacer_group WHERE item = 'hourly'") == 1);

      Result run = pacer.run("run", "hourly");

      assertThat(run.exit()).as(run.toString()).isZero();
      await()
          .atMost(Duration.ofSeconds(20))
          .until(() -> db.count("SELECT COUNT(*) FROM pacer_run WHERE item = 'hourly'") == 1);
    }
    db.execute("DELETE FROM history WHERE item = 'hourly'", "DELETE FROM pacer_group");
  }

  @Test
  void runsAnItemNowOnARunningNodeAndShowsItsRuns() throws Exception {
    db.insertItems(3600, "disk", "cpu");
    try (TestingNode node = TestingNode.on(db).set("db.pool-size", "10").start()) {
      await().until(() -> db.count("SELECT COUNT(*) FROM pacer_group") == 2);
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
          .until(() -> db.count("SELECT COUNT(*) FROM pacer_group WHERE paused = 1") == 2);
      assertThat(pacer.run("resume", "--all").exit()).isZero();
      await()
          .atMost(Duration.ofSeconds(10))
          .until(() -> db.count("SELECT COUNT(*) FROM pacer_group WHERE paused = 0") == 2);
    }
    Result withoutNode = pacer.run("run", "cpu");
    assertThat(withoutNode.exit()).isZero();
    assertThat(withoutNode.out())
        .isEqualTo("Queued a run of cpu; no node is running, so it runs when one starts\n");
  }
}
