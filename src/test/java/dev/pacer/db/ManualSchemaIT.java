package dev.pacer.db;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pacer.testing.ProcessNode;
import dev.pacer.testing.TestingDatabase;
import dev.pacer.testing.TestingServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The README's way to create the tables by hand, run as written (with this test's server and
 * database): it makes the schema a node makes, for every file of sql/mysql/, and a node started on
 * it afterwards starts without a warning.
 */
class ManualSchemaIT {
  @RegisterExtension static final TestingDatabase byHand = TestingDatabase.mysql();
  @RegisterExtension static final TestingDatabase byNode = TestingDatabase.mysql().withSchema();

  @Test
  void theReadmesCommandMakesTheNodesSchemaAndANodeStartsOnItWithoutAWarning() throws Exception {
    String command = readmeCommand();
    assertThat(command).as("names no file: new ones need no edit").doesNotContainPattern("V\\d");

    Result applied = bash(command.replace("mysql monitoring", client(byHand.name())));
    assertThat(applied.exit()).as(applied.output()).isZero();
    assertThat(applied.output()).isEmpty();
    assertThat(tables(byHand)).isEqualTo(tables(byNode)).containsKey("pacer_last_run");

    Map<String, String> environment =
        Map.of(
            "PACER_DB_URL", byHand.url(),
            "PACER_DB_USER", byHand.user(),
            "PACER_DB_PASSWORD", byHand.password());
    try (ProcessNode node = ProcessNode.start("by-hand", environment)) {
      node.awaitHealthy(Duration.ofSeconds(90));
      assertThat(node.output().lines().filter(l -> l.contains(" WARN ") || l.contains(" ERROR ")))
          .as(node.output())
          .isEmpty();
      assertThat(node.terminate(Duration.ofSeconds(60))).isZero();
    }
    assertThat(tables(byHand)).isEqualTo(tables(byNode));
    assertThat(versions(byHand)).isEqualTo(versions(byNode));
  }

  /** The command under the README's manual-schema marker. */
  private static String readmeCommand() throws Exception {
    List<String> lines = Files.readAllLines(Path.of("README.md"));
    int marker = lines.indexOf("<!-- manual-schema -->");
    assertThat(marker).isPositive();
    assertThat(lines.get(marker + 1)).isEqualTo("```");
    assertThat(lines.get(marker + 3)).isEqualTo("```");
    return lines.get(marker + 2);
  }

  private static String client(String database) {
    TestingServer server = TestingServer.get();
    return "mysql --protocol=TCP -h"
        + server.host()
        + " -P"
        + server.port()
        + " -u"
        + server.user()
        + (server.password().isEmpty() ? "" : " -p" + server.password())
        + " "
        + database;
  }

  /** Every table of the database with its definition, by name. */
  private static Map<String, String> tables(TestingDatabase db) throws SQLException {
    Map<String, String> tables = new TreeMap<>();
    for (Object table :
        db.column(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = ?"
                + " AND table_name <> 'pacer_schema_history'",
            db.name())) {
      try (Connection connection = db.connection();
          Statement statement = connection.createStatement();
          ResultSet rows = statement.executeQuery("SHOW CREATE TABLE `" + table + "`")) {
        rows.next();
        // The AUTO_INCREMENT counter differs with the rows a table had, not its definition.
        tables.put(table.toString(), rows.getString(2).replaceAll(" AUTO_INCREMENT=\\d+", ""));
      }
    }
    return tables;
  }

  private static List<Object> versions(TestingDatabase db) throws SQLException {
    return db.column(
        "SELECT CONCAT(version, ' ', description, ' ', success) FROM pacer_schema_history"
            + " WHERE version > 0 ORDER BY installed_rank");
  }

  private static Result bash(String command) throws Exception {
    Process process = new ProcessBuilder("bash", "-c", command).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(120, TimeUnit.SECONDS)).isTrue();
    return new Result(process.exitValue(), output);
  }

  private record Result(int exit, String output) {}
}
