package dev.pacer.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pacer.testing.TestingDatabase;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code bin/pacer settings}: the pacer_item row of an item, shown, changed and cleared. */
class SettingsCommandTest {
  @RegisterExtension static final TestingDatabase db = TestingDatabase.mysql();

  @TempDir static Path directory;
  private static Path config;

  @BeforeAll
  static void applySchema() throws Exception {
    config = directory.resolve("pacer.properties");
    Files.writeString(
        config,
        db.nodeProperties().entrySet().stream()
                .map(e -> e.getKey() + " = " + e.getValue())
                .collect(Collectors.joining("\n"))
            + "\ncollector.command.queue-depth.command = /bin/echo 1\n");
    assertThat(pacer("schema", "apply").exit).isZero();
    db.insertItems(10, "web", "api");
  }

  @BeforeEach
  void clearSettings() throws Exception {
    db.execute("DELETE FROM pacer_item");
  }

  @Test
  void setsShowsAndClearsAnItemsSettingsWithoutTouchingHistory() throws Exception {
    Object before = db.column("SELECT last_execution_time FROM history WHERE item = 'web'").get(0);

    Result set =
        pacer(
            "settings",
            "web",
            "--collector",
            "http",
            "--target",
            "http://127.0.0.1:9/health",
            "--option",
            "json_pointer=/queue/depth",
            "--timeout",
            "5s",
            "--max-attempts",
            "3",
            "--retry-backoff",
            "500ms",
            "--misfire-policy",
            "skip");

    assertThat(set.exit).as(set.err).isZero();
    assertThat(set.out)
        .contains("web")
        .contains("collector       http")
        .contains("options         {\"json_pointer\":\"/queue/depth\"}")
        .contains("timeout         5s")
        .contains("retry-backoff   500ms")
        .contains("misfire-policy  skip");
    assertThat(row("web"))
        .containsExactly(
            "http",
            "http://127.0.0.1:9/health",
            "{\"json_pointer\":\"/queue/depth\"}",
            5000,
            3,
            500,
            "skip",
            false);
    // pacer_item is exact: 'Web' is another item.
    assertThat(db.count("SELECT COUNT(*) FROM pacer_item WHERE item = 'Web'")).isZero();

    JsonNode shown = new ObjectMapper().readTree(pacer("settings", "web", "--json").out);
    assertThat(shown.get("options").get("json_pointer").asText()).isEqualTo("/queue/depth");
    assertThat(shown.get("timeout_ms").asInt()).isEqualTo(5000);

    Result cleared = pacer("settings", "web", "--clear");
    assertThat(cleared.exit).isZero();
    assertThat(cleared.out).contains("Cleared the settings of web");
    assertThat(db.count("SELECT COUNT(*) FROM pacer_item")).isZero();
    assertThat(pacer("settings", "web").out).contains("(no settings: every default)");
    assertThat(db.column("SELECT last_execution_time FROM history WHERE item = 'web'").get(0))
        .isEqualTo(before);
    assertThat(db.column("SELECT result FROM history WHERE item = 'web'").get(0)).isNull();
  }

  @Test
  void changesOnlyWhatItIsToldAndUnsetsBackToTheDefault() throws Exception {
    db.execute(
        "INSERT INTO pacer_item (item, collector, target, options, timeout_ms, paused) VALUES"
            + " ('web', 'http', 'http://a/', '{\"method\":\"HEAD\",\"expect_status\":204}', 700,"
            + " 1)");

    Result result =
        pacer(
            "settings",
            "web",
            "--option",
            "method=",
            "--option",
            "regex=(\\d+)",
            "--unset",
            "timeout");

    assertThat(result.exit).as(result.err).isZero();
    assertThat(row("web"))
        .containsExactly(
            "http",
            "http://a/",
            "{\"expect_status\":204,\"regex\":\"(\\\\d+)\"}",
            null,
            null,
            null,
            null,
            true);
  }

  @Test
  void refusesValuesANodeCouldNotUseNamingEachAndExitsWithTwo() throws Exception {
    db.execute("INSERT INTO pacer_item (item, collector, target) VALUES ('web', 'tcp', 'a:1')");

    Result result =
        pacer(
            "settings",
            "web",
            "--collector",
            "http",
            "--target",
            "ftp://example.com/",
            "--timeout",
            "0s",
            "--misfire-policy",
            "later",
            "--max-attempts",
            "-1");

    assertThat(result.exit).isEqualTo(2);
    assertThat(result.err.lines())
        .containsExactlyInAnyOrder(
            "pacer: error: timeout_ms: 0 is not positive",
            "pacer: error: max_attempts: -1 is not positive",
            "pacer: error: misfire_policy: 'later' is not one of run-once, skip, catch-up",
            "pacer: error: collector http: target 'ftp://example.com/' is not an http or https"
                + " URL");
    assertThat(row("web").get(0)).isEqualTo("tcp");

    assertThat(pacer("settings", "web", "--collector", "snmp").err)
        .contains("collector: no collector named 'snmp' (known: command, demo, file, http,");
    assertThat(pacer("settings", "web", "--options", "[1]").err)
        .contains("options: is not a JSON object");
    assertThat(pacer("settings", "web", "--collector", "command", "--target", "rm -rf /").err)
        .contains(
            "collector command: no command named 'rm -rf /' in the configuration"
                + " (declared: queue-depth)");
    assertThat(pacer("settings", "web", "--collector", "command", "--target", "queue-depth").exit)
        .isZero();
  }

  @Test
  void rejectsBadFlagsBeforeOpeningTheDatabase() throws Exception {
    List<String[]> calls =
        List.of(
            new String[] {"settings", "web", "--unset", "colour"},
            new String[] {"settings", "web", "--option", "novalue"},
            new String[] {"settings", "web", "--timeout", "soon"},
            new String[] {"settings", "web", "--clear", "--target", "x"},
            new String[] {"settings", "web", "--target", "x", "--unset", "target"},
            new String[] {"settings", "--target", "x"});
    List<String> errors = new ArrayList<>();
    for (String[] call : calls) {
      Result result = pacer(call);
      assertThat(result.exit).as(String.join(" ", call)).isEqualTo(2);
      errors.add(result.err.strip());
    }

    assertThat(errors)
        .containsExactly(
            "pacer: error: --unset: 'colour' is not one of collector, target, options, timeout,"
                + " max-attempts, retry-backoff, misfire-policy",
            "pacer: error: --option: 'novalue' is not KEY=VALUE",
            "pacer: error: --timeout: 'soon' is not a duration (examples: 500ms, 10s, 5m, 1h,"
                + " PT1.5S)",
            "pacer: error: --clear deletes every setting; it takes no other change",
            "pacer: error: --unset target contradicts the new value given for it",
            "pacer: error: name the ITEM to change");
    assertThat(db.count("SELECT COUNT(*) FROM pacer_item")).isZero();
  }

  @Test
  void listsEveryItemWithSettings() throws Exception {
    pacer("settings", "web", "--collector", "file", "--target", "/var/log/syslog");
    pacer("settings", "api", "--timeout", "2s");

    Result text = pacer("settings");
    Result json = pacer("settings", "--json");

    assertThat(text.out.lines()).containsExactly("api\t-\t-", "web\tfile\t/var/log/syslog");
    assertThat(new ObjectMapper().readTree(json.out)).hasSize(2);
  }

  @Test
  void notesAnItemThatIsNotInHistoryYet() throws Exception {
    Result result = pacer("settings", "later", "--collector", "noop");

    assertThat(result.exit).isZero();
    assertThat(result.err)
        .contains("note: no item later in history yet; the settings apply once it is added");
    assertThat(db.count("SELECT COUNT(*) FROM pacer_item WHERE item = 'later'")).isOne();
  }

  private static List<Object> row(String item) throws Exception {
    List<Object> values = new ArrayList<>();
    for (String column :
        List.of(
            "collector",
            "target",
            "options",
            "timeout_ms",
            "max_attempts",
            "retry_backoff_ms",
            "misfire_policy",
            "paused")) {
      Object value = db.column("SELECT " + column + " FROM pacer_item WHERE item = ?", item).get(0);
      values.add(value instanceof Boolean b ? b : value);
    }
    return values;
  }

  private static Result pacer(String... arguments) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine command = Main.commandLine();
    command.setOut(new PrintWriter(out));
    command.setErr(new PrintWriter(err));
    List<String> withConfig = new ArrayList<>(List.of(arguments));
    withConfig.add("--config");
    withConfig.add(config.toString());
    int exit = command.execute(withConfig.toArray(String[]::new));
    return new Result(exit, out.toString(), err.toString());
  }

  private record Result(int exit, String out, String err) {}
}
