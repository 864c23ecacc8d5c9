package dev.pacer.db;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pacer.testing.TestingDatabase;
import dev.pacer.testing.TestingNode;
import dev.pacer.testing.TestingServer;
import java.io.File;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.MethodOrderer.OrderAnnotation;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The files in sql/ create Pacer's tables beside the user's history table, which stays as it is.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(OrderAnnotation.class)
class SchemaTest {
  private static final String SEED_DDL =
      "CREATE TABLE history (item VARCHAR(255) PRIMARY KEY, last_execution_time TIMESTAMP NOT NULL,"
          + " execution_interval INT NOT NULL, result FLOAT)";

  @RegisterExtension final TestingDatabase db = TestingDatabase.mysql();

  @Test
  @Order(1)
  void adoptsAnExistingHistoryTableWithItsRowsUnchanged() throws Exception {
    db.execute(
        SEED_DDL,
        "INSERT INTO history VALUES ('kept', '2024-02-03 04:05:06', 42, 1.5)",
        "CREATE TABLE users_own_table (id INT PRIMARY KEY)");
    String before = showCreateHistory();

    apply("history");

    assertThat(showCreateHistory()).isEqualTo(before);
    assertThat(
            db.column(
                "SELECT CONCAT(item, '/', last_execution_time, '/', execution_interval,"
                    + " '/', result) FROM history"))
        .containsExactly("kept/2024-02-03 04:05:06/42/1.5");
    assertThat(tables())
        .contains("history", "users_own_table", "pacer_run", "pacer_lease", "QRTZ_TRIGGERS");
  }

  @Test
  @Order(2)
  void applyingAgainChangesNothing() throws Exception {
    List<String> before = tables();

    apply("history");

    assertThat(tables()).isEqualTo(before);
  }

  @Test
  @Order(3)
  void createsAConfiguredHistoryTableWhenItIsAbsent() throws Exception {
    apply("monitoring_items");

    assertThat(tables()).contains("monitoring_items");
    assertThat(db.count("SELECT COUNT(*) FROM monitoring_items")).isZero();
  }

  @Test
  @Order(4)
  void theFilesApplyByHandWithTheMysqlClientAsOftenAsNeeded() throws Exception {
    db.execute("CREATE DATABASE IF NOT EXISTS " + db.name() + "_by_hand");
    try {
      for (int round = 0; round < 2; round++) {
        for (File file : SchemaFiles.of("mysql")) {
          mysqlClient(db.name() + "_by_hand", file);
        }
      }
      assertThat(
              db.count(
                  "SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = ?",
                  db.name() + "_by_hand"))
          .isEqualTo(SchemaFiles.tablesCreatedBy("mysql"));
    } finally {
      db.execute("DROP DATABASE " + db.name() + "_by_hand");
    }
  }

  private void apply(String historyTable) throws Exception {
    try (TestingNode node = TestingNode.on(db).set("history.table", historyTable).build()) {
      node.get(SchemaMigrator.class).apply();
    }
  }

  private static void mysqlClient(String database, File script) throws Exception {
    TestingServer server = TestingServer.get();
    List<String> command =
        new java.util.ArrayList<>(
            List.of(
                "mysql",
                "--protocol=TCP",
                "-h" + server.host(),
                "-P" + server.port(),
                "-u" + server.user(),
                database));
    if (!server.password().isEmpty()) {
      command.add(4, "-p" + server.password());
    }
    Process process =
        new ProcessBuilder(command).redirectInput(script).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes());
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(process.exitValue()).as(script + ": " + output).isZero();
  }

  private String showCreateHistory() throws Exception {
    try (var connection = db.connection();
        var statement = connection.createStatement();
        var rows = statement.executeQuery("SHOW CREATE TABLE history")) {
      rows.next();
      return rows.getString(2);
    }
  }

  private List<String> tables() throws Exception {
    return db
        .column(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = ?"
                + " ORDER BY table_name",
            db.name())
        .stream()
        .map(Object::toString)
        .toList();
  }
}
