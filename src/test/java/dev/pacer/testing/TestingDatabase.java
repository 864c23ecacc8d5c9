package dev.pacer.testing;

import dev.pacer.db.SchemaMigrator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A fresh database for one test class, dropped afterwards. MySQL-family databases live on {@link
 * TestingServer}; H2 databases in a temporary directory.
 */
public final class TestingDatabase implements BeforeAllCallback, AfterAllCallback {
  private final boolean h2;
  private final Supplier<TestingServer> server;
  private boolean withSchema;
  private String name;
  private String url;
  private Path h2Directory;

  private TestingDatabase(boolean h2, Supplier<TestingServer> server) {
    this.h2 = h2;
    this.server = server;
  }

  public static TestingDatabase mysql() {
    return new TestingDatabase(false, TestingServer::get);
  }

  /** On a server that writes a binary log in row format ({@link TestingServer#withBinlog}). */
  public static TestingDatabase mysqlWithBinlog() {
    return new TestingDatabase(false, TestingServer::withBinlog);
  }

  public static TestingDatabase h2() {
    return new TestingDatabase(true, TestingServer::get);
  }

  /** Also applies Pacer's schema before the first test, as a node would at start. */
  public TestingDatabase withSchema() {
    withSchema = true;
    return this;
  }

  @Override
  public void beforeAll(ExtensionContext context) throws Exception {
    name =
        ("pacer_"
                + context.getRequiredTestClass().getSimpleName()
                + "_"
                + Integer.toHexString(ThreadLocalRandom.current().nextInt(0x10000)))
            .toLowerCase(Locale.ROOT);
    if (h2) {
      h2Directory = Files.createTempDirectory(name);
      url = "jdbc:h2:file:" + h2Directory.resolve("pacer");
    } else {
      TestingServer server = this.server.get();
      try (Connection connection = server.connection();
          Statement statement = connection.createStatement()) {
        statement.execute(
            "CREATE DATABASE " + name + " CHARACTER SET utf8mb4 COLLATE utf8mb4_general_ci");
      }
      url = server.url(name);
    }
    if (withSchema) {
      try (TestingNode node = TestingNode.on(this).build()) {
        node.get(SchemaMigrator.class).apply();
      }
    }
  }

  @Override
  public void afterAll(ExtensionContext context) throws Exception {
    if (h2) {
      try (Stream<Path> files = Files.walk(h2Directory)) {
        files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
      }
      return;
    }
    try (Connection connection = server.get().connection();
        Statement statement = connection.createStatement()) {
      statement.execute("DROP DATABASE IF EXISTS " + name);
    }
  }

  public boolean isH2() {
    return h2;
  }

  public String name() {
    return name;
  }

  public String url() {
    return url;
  }

  public String user() {
    return h2 ? "" : server.get().user();
  }

  public String password() {
    return h2 ? "" : server.get().password();
  }

  /**
   * A plain connection for test SQL. On MySQL its session time zone is the server's default; on H2
   * it is UTC, the embedded database's documented convention.
   */
  public Connection connection() throws SQLException {
    if (!h2) {
      return DriverManager.getConnection(url, user(), password());
    }
    Connection connection = DriverManager.getConnection(url + ";AUTO_SERVER=TRUE", "", "");
    try (Statement statement = connection.createStatement()) {
      statement.execute("SET TIME ZONE 'UTC'");
    }
    return connection;
  }

  public void execute(String... statements) throws SQLException {
    try (Connection connection = connection();
        Statement statement = connection.createStatement()) {
      for (String sql : statements) {
        statement.execute(sql);
      }
    }
  }

  /**
   * Empties the history table, the run log and the scheduler's tables, as for a first start: a node
   * of an earlier test that could not hand its work back leaves in-flight runs in Quartz's tables,
   * which a node with the same instance id would recover.
   */
  public void clearItemsAndScheduler() throws SQLException {
    execute(
        "DELETE FROM history",
        "DELETE FROM pacer_run",
        "DELETE FROM pacer_last_run",
        "DELETE FROM pacer_group",
        "DELETE FROM pacer_claim",
        "DELETE FROM pacer_fire",
        "DELETE FROM pacer_member",
        "DELETE FROM QRTZ_FIRED_TRIGGERS",
        "DELETE FROM QRTZ_SIMPLE_TRIGGERS",
        "DELETE FROM QRTZ_TRIGGERS",
        "DELETE FROM QRTZ_JOB_DETAILS",
        "DELETE FROM QRTZ_SCHEDULER_STATE");
  }

  /** The first column of every row of a query. */
  public List<Object> column(String sql, Object... parameters) throws SQLException {
    List<Object> values = new ArrayList<>();
    try (Connection connection = connection();
        PreparedStatement statement = connection.prepareStatement(sql)) {
      for (int i = 0; i < parameters.length; i++) {
        statement.setObject(i + 1, parameters[i]);
      }
      try (ResultSet rows = statement.executeQuery()) {
        while (rows.next()) {
          values.add(rows.getObject(1));
        }
      }
    }
    return values;
  }

  public long count(String sql, Object... parameters) throws SQLException {
    return ((Number) column(sql, parameters).get(0)).longValue();
  }

  /** Inserts history rows the way the seed's mock-data generator does: last run now. */
  public void insertItems(int intervalSeconds, String... items) throws SQLException {
    try (Connection connection = connection();
        PreparedStatement insert =
            connection.prepareStatement(
                "INSERT INTO history (item, last_execution_time, execution_interval)"
                    + " VALUES (?, CURRENT_TIMESTAMP, ?)")) {
      for (String item : items) {
        insert.setString(1, item);
        insert.setInt(2, intervalSeconds);
        insert.addBatch();
      }
      insert.executeBatch();
    }
  }

  /** Configuration pointing a node at this database. */
  public Map<String, String> nodeProperties() {
    Map<String, String> properties = new HashMap<>();
    properties.put("db.url", url);
    properties.put("db.user", user());
    properties.put("db.password", password());
    return properties;
  }
}
