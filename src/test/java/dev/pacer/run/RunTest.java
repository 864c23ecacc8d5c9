package dev.pacer.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.pacer.testing.TestingCollector;
import dev.pacer.testing.TestingDatabase;
import dev.pacer.testing.TestingNode;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Each run writes its result back to the history row and appends one row to pacer_run. */
class RunTest {
  @RegisterExtension static final TestingDatabase db = TestingDatabase.mysql();

  /** Values chosen by item name, so each row's write-back can be told apart. */
  private static final TestingCollector BY_NAME =
      new TestingCollector(
          "by-name",
          item ->
              switch (item) {
                case "nan" -> Double.NaN;
                case "infinite" -> Double.POSITIVE_INFINITY;
                case "too-big" -> 1e300;
                case "broken" -> throw new IllegalStateException("sensor offline");
                case "sleepy" -> {
                  Thread.sleep(5_000);
                  yield 1;
                }
                default -> item.codePoints().filter(Character::isUpperCase).count() + item.length();
              });

  private static TestingNode node;

  @BeforeAll
  static void start() throws Exception {
    node = TestingNode.on(db).collector(BY_NAME).start();
  }

  @AfterAll
  static void stop() {
    node.close();
  }

  @Test
  void writesResultAndStartBackAndLogsTheRun() throws Exception {
    db.insertItems(1, "plain");

    Run run = awaitRun("plain");

    assertThat(run.outcome).isEqualTo("success");
    assertThat(run.result).isEqualTo(5.0);
    assertThat(run.attempt).isEqualTo(1);
    assertThat(run.node).isEqualTo(node.get(dev.pacer.cluster.PacerScheduler.class).nodeId());
    assertThat(run.error).isNull();
    assertThat(run.startedMillis).isGreaterThanOrEqualTo(run.scheduledMillis);
    assertThat(run.finishedMillis).isGreaterThanOrEqualTo(run.startedMillis);
    await().untilAsserted(() -> assertThat(historyResult("plain")).isEqualTo(5.0f));
    // The item runs every second: history holds the start of its latest run, in whole seconds.
    long lastExecution = historyLastRunMillis("plain");
    assertThat(lastExecution).isGreaterThanOrEqualTo(run.startedMillis / 1000 * 1000);
    assertThat(
            db.count(
                "SELECT COUNT(*) FROM pacer_run WHERE item = 'plain'"
                    + " AND TIMESTAMPDIFF(SECOND, '1970-01-01', started_at) = ?",
                lastExecution / 1000))
        .isPositive();
  }

  @Test
  void acceptsEveryNameTheColumnHolds() throws Exception {
    List<String> names =
        List.of(
            "x".repeat(255),
            "가".repeat(255),
            "📈 cpu load",
            "it's \"quoted\" \\ back\\slash",
            "tab\there; DROP TABLE history; --");
    db.insertItems(1, names.toArray(String[]::new));

    for (String name : names) {
      Run run = awaitRun(name);
      double expected = name.codePoints().filter(Character::isUpperCase).count() + name.length();
      assertThat(run.result).as(name).isEqualTo(expected);
      await()
          .untilAsserted(
              () -> assertThat(historyResult(name)).as(name).isEqualTo((float) expected));
    }
  }

  @Test
  void valuesAFloatColumnCannotHoldAreFailures() throws Exception {
    db.insertItems(1, "nan", "infinite", "too-big", "broken");

    assertThat(awaitRun("nan").error).isEqualTo("value NaN does not fit the FLOAT result column");
    assertThat(awaitRun("infinite").error)
        .isEqualTo("value Infinity does not fit the FLOAT result column");
    assertThat(awaitRun("too-big").error)
        .isEqualTo("value 1.0E300 does not fit the FLOAT result column");
    Run broken = awaitRun("broken");
    assertThat(broken.outcome).isEqualTo("failure");
    assertThat(broken.result).isNull();
    assertThat(broken.error).isEqualTo("IllegalStateException: sensor offline");
    for (String item : List.of("nan", "infinite", "too-big", "broken")) {
      assertThat(historyResult(item)).as(item).isNull();
      assertThat(historyLastRunMillis(item)).as(item).isPositive();
    }
  }

  @Test
  void usesTheItemsOwnCollectorTimeoutAndTarget() throws Exception {
    db.execute(
        "INSERT INTO pacer_item (item, collector, target, options) VALUES"
            + " ('own', 'noop', NULL, NULL), ('ghost', 'snmp', NULL, NULL),"
            + " ('slow', 'by-name', NULL, NULL)");
    db.execute("INSERT INTO pacer_item (item, timeout_ms) VALUES ('sleepy', 300)");
    db.insertItems(1, "own", "ghost", "sleepy");

    assertThat(awaitRun("own").result).isEqualTo(0.0);
    assertThat(awaitRun("ghost").error)
        .isEqualTo(
            "no collector named 'snmp' (known: by-name, command, demo, file, http, noop, sql, tcp)");
    Run sleepy = awaitRun("sleepy");
    assertThat(sleepy.error).isEqualTo("timeout");
    assertThat(sleepy.finishedMillis - sleepy.startedMillis).isBetween(250L, 2_000L);
  }

  private static Run awaitRun(String item) {
    return await().atMost(Duration.ofSeconds(15)).until(() -> firstRun(item), r -> r != null);
  }

  private static Run firstRun(String item) throws Exception {
    try (Connection connection = db.connection();
        PreparedStatement select =
            connection.prepareStatement(
                "SELECT outcome, result, error, attempt, node, "
                    + "TIMESTAMPDIFF(MICROSECOND, '1970-01-01', scheduled_at) DIV 1000, "
                    + "TIMESTAMPDIFF(MICROSECOND, '1970-01-01', started_at) DIV 1000, "
                    + "TIMESTAMPDIFF(MICROSECOND, '1970-01-01', finished_at) DIV 1000 "
                    + "FROM pacer_run WHERE item = ? COLLATE utf8mb4_bin ORDER BY id LIMIT 1")) {
      select.setString(1, item);
      try (ResultSet rows = select.executeQuery()) {
        if (!rows.next()) {
          return null;
        }
        return new Run(
            rows.getString(1),
            rows.getObject(2) == null ? null : rows.getDouble(2),
            rows.getString(3),
            rows.getInt(4),
            rows.getString(5),
            rows.getLong(6),
            rows.getLong(7),
            rows.getLong(8));
      }
    }
  }

  private static Float historyResult(String item) throws Exception {
    Object value =
        db.column("SELECT result FROM history WHERE item = ? COLLATE utf8mb4_bin", item).get(0);
    return value == null ? null : ((Number) value).floatValue();
  }

  private static long historyLastRunMillis(String item) throws Exception {
    return ((Number)
                db.column(
                        "SELECT UNIX_TIMESTAMP(last_execution_time) FROM history"
                            + " WHERE item = ? COLLATE utf8mb4_bin",
                        item)
                    .get(0))
            .longValue()
        * 1000;
  }

  private record Run(
      String outcome,
      Double result,
      String error,
      int attempt,
      String node,
      long scheduledMillis,
      long startedMillis,
      long finishedMillis) {}
}
