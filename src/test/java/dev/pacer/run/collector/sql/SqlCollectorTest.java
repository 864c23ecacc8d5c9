package dev.pacer.run.collector.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.pacer.config.ConfigException;
import dev.pacer.config.ConfigLoader;
import dev.pacer.run.collector.CollectException;
import dev.pacer.run.collector.CollectRequest;
import dev.pacer.testing.TestingDatabase;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The sql collector on the test's own MariaDB/MySQL database. */
class SqlCollectorTest {
  @RegisterExtension static final TestingDatabase db = TestingDatabase.mysql();

  private SqlCollector collector;

  @BeforeAll
  static void createOrders() throws Exception {
    db.execute(
        "CREATE TABLE orders (id INT PRIMARY KEY, status VARCHAR(10), note VARCHAR(20))",
        "INSERT INTO orders VALUES (1, 'open', '12.5'), (2, 'open', 'n/a'), (3, 'done', NULL)",
        "CREATE FUNCTION add_order() RETURNS INT MODIFIES SQL DATA"
            + " BEGIN INSERT INTO orders VALUES (9, 'x', NULL); RETURN 1; END");
  }

  @BeforeEach
  void configure() {
    Map<String, String> file = new HashMap<>();
    file.put("collector.sql.source.shop.url", db.url());
    file.put("collector.sql.source.shop.user", db.user());
    file.put("collector.sql.source.shop.password", db.password());
    query(file, "open-orders", "SELECT COUNT(*) FROM orders WHERE status = 'open'");
    query(file, "note", "SELECT note FROM orders WHERE id = 1");
    query(file, "bad-note", "SELECT note FROM orders WHERE id = 2");
    query(file, "null-note", "SELECT note FROM orders WHERE id = 3");
    query(file, "nothing", "SELECT id FROM orders WHERE id = 99");
    query(file, "slow", "SELECT SLEEP(10)");
    query(file, "sneaky", "SELECT add_order()");
    query(file, "typo", "SELECT COUNT(*) FROM order");
    collector = new SqlCollector(load(file));
  }

  private static void query(Map<String, String> file, String name, String sql) {
    file.put("collector.sql.query." + name + ".source", "shop");
    file.put("collector.sql.query." + name + ".sql", sql);
  }

  private static SqlConfig load(Map<String, String> file) {
    return new ConfigLoader(List.of(SqlConfig.class)).load(file, Map.of()).get(SqlConfig.class);
  }

  @AfterEach
  void close() {
    collector.close();
  }

  @Test
  void returnsTheFirstColumnOfTheFirstRow() throws Exception {
    assertThat(collect("open-orders", Duration.ofSeconds(5))).isEqualTo(2.0);
    assertThat(collect("note", Duration.ofSeconds(5))).isEqualTo(12.5);
  }

  @Test
  void sharesOnePoolPerSource() throws Exception {
    collect("open-orders", Duration.ofSeconds(5));
    collect("note", Duration.ofSeconds(5));

    assertThat(collector.openPools()).isEqualTo(1);
  }

  @Test
  void aValueThatIsNotANumberIsAFailure() {
    assertFails("bad-note").hasMessage("the query's value is not a number: 'n/a'");
    assertFails("null-note").hasMessage("the query returned NULL");
    assertFails("nothing").hasMessage("the query returned no row");
    assertFails("typo").hasMessageContaining("SQL syntax");
  }

  @Test
  void theSessionIsReadOnly() throws Exception {
    assertFails("sneaky").hasMessageContaining("READ ONLY");
    assertThat(db.count("SELECT COUNT(*) FROM orders")).isEqualTo(3);
  }

  @Test
  void aQueryGetsTheRunsTimeout() {
    long start = System.nanoTime();

    assertThatThrownBy(() -> collect("slow", Duration.ofSeconds(1)))
        .isInstanceOf(CollectException.class)
        .hasMessage("the query did not finish within 1 s");
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(4));
  }

  @Test
  void anUnreachableSourceFailsItsRunsNotTheNode() throws Exception {
    Map<String, String> file = new HashMap<>();
    file.put("collector.sql.source.gone.url", "jdbc:mysql://127.0.0.1:1/nothing");
    file.put("collector.sql.source.gone.connect-timeout", "500ms");
    file.put("collector.sql.query.gone.source", "gone");
    file.put("collector.sql.query.gone.sql", "SELECT 1");
    try (SqlCollector unreachable = new SqlCollector(load(file))) {
      assertThatThrownBy(
              () ->
                  unreachable.collect(
                      new CollectRequest("item", "gone", Map.of(), Duration.ofSeconds(10))))
          .isInstanceOf(CollectException.class)
          .hasMessage(
              "cannot connect to source gone: Communications link failure (Connection refused)");
    }
  }

  @Test
  void aWrongPasswordFailsWithTheDatabasesReason() throws Exception {
    Map<String, String> file = new HashMap<>();
    file.put("collector.sql.source.locked.url", db.url());
    file.put("collector.sql.source.locked.user", db.user());
    file.put("collector.sql.source.locked.password", "not-" + db.password() + "-password");
    file.put("collector.sql.source.locked.connect-timeout", "1s");
    file.put("collector.sql.query.locked.source", "locked");
    file.put("collector.sql.query.locked.sql", "SELECT 1");
    try (SqlCollector locked = new SqlCollector(load(file))) {
      // Before: "pacer-sql-locked - Connection is not available, request timed out after 1000ms".
      assertThatThrownBy(
              () ->
                  locked.collect(
                      new CollectRequest("item", "locked", Map.of(), Duration.ofSeconds(10))))
          .isInstanceOf(CollectException.class)
          .hasMessageMatching(
              "cannot connect to source locked: Access denied for user '"
                  + db.user()
                  + "'@'[^']+' \\(using password: YES\\)");
    }
  }

  @Test
  void aPoolWithEveryConnectionBusySaysSo() throws Exception {
    Map<String, String> file = new HashMap<>();
    file.put("collector.sql.source.small.url", db.url());
    file.put("collector.sql.source.small.user", db.user());
    file.put("collector.sql.source.small.password", db.password());
    file.put("collector.sql.source.small.pool-size", "1");
    file.put("collector.sql.source.small.connect-timeout", "500ms");
    file.put("collector.sql.query.slow.source", "small");
    file.put("collector.sql.query.slow.sql", "SELECT SLEEP(5)");
    try (SqlCollector small = new SqlCollector(load(file))) {
      FutureTask<Double> busy =
          new FutureTask<>(
              () ->
                  small.collect(new CollectRequest("a", "slow", Map.of(), Duration.ofSeconds(30))));
      new Thread(busy).start();
      await()
          .atMost(Duration.ofSeconds(20))
          .until(
              () ->
                  db.count(
                          "SELECT COUNT(*) FROM information_schema.processlist"
                              + " WHERE db = DATABASE() AND info = 'SELECT SLEEP(5)'")
                      > 0);

      assertThatThrownBy(
              () ->
                  small.collect(new CollectRequest("b", "slow", Map.of(), Duration.ofSeconds(10))))
          .isInstanceOf(CollectException.class)
          .hasMessage("no free connection to source small within 500 ms (all 1 in use)");
      assertThat(busy.get(30, TimeUnit.SECONDS)).isZero();
    }
  }

  @Test
  void runsOnlyDeclaredQueries() {
    assertThatThrownBy(() -> collector.check("SELECT 1", Map.of()))
        .hasMessageStartingWith("no query named 'SELECT 1' in the configuration (declared: ")
        .hasMessageContaining("open-orders");
    assertThatThrownBy(() -> collector.check("note", Map.of("sql", "SELECT 2")))
        .hasMessage("unknown option 'sql' (known: none)");
  }

  @Test
  void configurationNamesMissingSourcesAndBadValues() {
    assertThatThrownBy(
            () ->
                load(
                    Map.of(
                        "collector.sql.query.q.source", "nowhere",
                        "collector.sql.query.q.sql", "SELECT 1",
                        "collector.sql.query.r.source", "x",
                        "collector.sql.source.x.url", "mysql://x",
                        "collector.sql.source.x.pool-size", "0")))
        .isInstanceOfSatisfying(
            ConfigException.class,
            e ->
                assertThat(e.problems())
                    .containsExactlyInAnyOrder(
                        "collector.sql.query.q.source: no collector.sql.source named 'nowhere'",
                        "collector.sql.query.r.sql: is required",
                        "collector.sql.source.x.url: 'mysql://x' is not a JDBC URL (jdbc:...)",
                        "collector.sql.source.x.pool-size: 0 is not between 1 and 50"));
  }

  private double collect(String query, Duration timeout) throws Exception {
    return collector.collect(new CollectRequest("item", query, Map.of(), timeout));
  }

  private org.assertj.core.api.AbstractThrowableAssert<?, ? extends Throwable> assertFails(
      String query) {
    return assertThatThrownBy(() -> collect(query, Duration.ofSeconds(5)))
        .isInstanceOf(CollectException.class);
  }
}
