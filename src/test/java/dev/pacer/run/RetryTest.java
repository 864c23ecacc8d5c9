package dev.pacer.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.pacer.testing.ItemSchedules;
import dev.pacer.testing.TestingCollector;
import dev.pacer.testing.TestingDatabase;
import dev.pacer.testing.TestingNode;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Failed attempts are retried with exponential back-off, one row each, within the item's slot. */
class RetryTest {
  @RegisterExtension static final TestingDatabase db = TestingDatabase.mysql().withSchema();

  private static final Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();

  /** "fail*" items always fail, "flaky" fails its first call, the others succeed with 7. */
  private static final TestingCollector SCRIPTED =
      new TestingCollector(
          "scripted",
          item -> {
            int call = calls.computeIfAbsent(item, i -> new AtomicInteger()).incrementAndGet();
            if (item.startsWith("fail") || (item.equals("flaky") && call == 1)) {
              throw new IllegalStateException("down (call " + call + ")");
            }
            return 7;
          });

  private static TestingNode node;

  @BeforeAll
  static void start() throws Exception {
    node = TestingNode.on(db).collector(SCRIPTED).set("scheduler.threads", "1").start();
  }

  @AfterAll
  static void stop() {
    node.close();
  }

  @Test
  void retriesWithBackoffAndRecordsTheFinalFailureAtTheSlotsStart() throws Exception {
    db.execute(
        "INSERT INTO pacer_item (item, max_attempts, retry_backoff_ms) VALUES ('fail-3', 3, 300)");
    dueInTwoSeconds("fail-3");

    await().atMost(Duration.ofSeconds(15)).until(() -> rows("fail-3").size() == 3);

    List<Map<String, Object>> rows = rows("fail-3");
    assertThat(rows).extracting(r -> r.get("outcome")).containsExactly("retry", "retry", "failure");
    assertThat(rows).extracting(r -> r.get("attempt")).containsExactly(1L, 2L, 3L);
    assertThat(rows).extracting(r -> r.get("scheduled")).containsOnly(rows.get(0).get("scheduled"));
    assertThat(millis(rows.get(1), "started") - millis(rows.get(0), "finished"))
        .isBetween(300L, 2_000L);
    assertThat(millis(rows.get(2), "started") - millis(rows.get(1), "finished"))
        .isBetween(600L, 2_000L);
    assertThat(rows.get(2).get("error")).isEqualTo("IllegalStateException: down (call 3)");
    assertThat(db.column("SELECT result FROM history WHERE item = 'fail-3'"))
        .containsExactly((Object) null);
    assertThat(
            db.count(
                "SELECT UNIX_TIMESTAMP(last_execution_time) FROM history WHERE item = 'fail-3'"))
        .isEqualTo(millis(rows.get(0), "started") / 1000);
  }

  @Test
  void aRetryThatSucceedsWritesItsValue() throws Exception {
    db.execute(
        "INSERT INTO pacer_item (item, max_attempts, retry_backoff_ms) VALUES ('flaky', 2, 100)");
    dueInTwoSeconds("flaky");

    await().atMost(Duration.ofSeconds(15)).until(() -> rows("flaky").size() == 2);

    assertThat(rows("flaky")).extracting(r -> r.get("outcome")).containsExactly("retry", "success");
    await()
        .until(() -> db.column("SELECT result FROM history WHERE item = 'flaky'").get(0) != null);
    assertThat(
            ((Number) db.column("SELECT result FROM history WHERE item = 'flaky'").get(0))
                .doubleValue())
        .isEqualTo(7.0);
  }

  @Test
  void aFailingItemKeepsItsCadenceAndNoWorkerWaitsThroughABackoff() throws Exception {
    // One worker thread: if an attempt slept through its back-off, "steady" could not run.
    db.execute(
        "INSERT INTO pacer_item (item, max_attempts, retry_backoff_ms) VALUES ('fail-often', 5, 800)");
    db.insertItems(2, "fail-often");
    db.insertItems(1, "steady");

    await()
        .atMost(Duration.ofSeconds(20))
        .until(
            () ->
                db.count("SELECT COUNT(*) FROM pacer_run WHERE item = 'fail-often' AND attempt = 1")
                    >= 4);

    // Per 2 s slot: attempt 2 at +0.8 s; attempt 3 would start after the next slot, so it is not
    // made.
    assertThat(db.count("SELECT MAX(attempt) FROM pacer_run WHERE item = 'fail-often'"))
        .isEqualTo(2);
    List<Object> slots =
        db.column(
            "SELECT TIMESTAMPDIFF(MICROSECOND, '1970-01-01', scheduled_at) DIV 1000 FROM pacer_run"
                + " WHERE item = 'fail-often' AND attempt = 1 ORDER BY scheduled_at");
    for (int i = 1; i < slots.size(); i++) {
      assertThat(((Number) slots.get(i)).longValue() - ((Number) slots.get(i - 1)).longValue())
          .isEqualTo(2_000);
    }
    assertThat(
            db.count(
                "SELECT MAX(TIMESTAMPDIFF(MICROSECOND, scheduled_at, started_at)) FROM pacer_run"
                    + " WHERE item = 'steady'"))
        .as("the other item's lateness")
        .isLessThan(900_000);
  }

  /**
   * An item every 60 s whose last run was 58 s ago, inserted in one statement: due one to two
   * seconds later (NOW() has whole seconds), after the sync has seen it. One already due when the
   * sync first sees it would start anywhere in its next minute, spread by name (FirstFire), as the
   * "59 s ago" of an earlier version sometimes did in CI.
   */
  private static void dueInTwoSeconds(String item) throws Exception {
    db.execute(
        "INSERT INTO history (item, last_execution_time, execution_interval)"
            + " VALUES ('"
            + item
            + "', NOW() - INTERVAL 58 SECOND, 60)");
  }

  @BeforeEach
  void empty() throws Exception {
    db.execute("DELETE FROM history", "DELETE FROM pacer_item");
    await().until(() -> ItemSchedules.on(db).count() == 0);
  }

  private static List<Map<String, Object>> rows(String item) throws Exception {
    try (var connection = db.connection();
        var select =
            connection.prepareStatement(
                "SELECT outcome, attempt, error,"
                    + " TIMESTAMPDIFF(MICROSECOND, '1970-01-01', scheduled_at) DIV 1000 scheduled,"
                    + " TIMESTAMPDIFF(MICROSECOND, '1970-01-01', started_at) DIV 1000 started,"
                    + " TIMESTAMPDIFF(MICROSECOND, '1970-01-01', finished_at) DIV 1000 finished"
                    + " FROM pacer_run WHERE item = ? ORDER BY id")) {
      select.setString(1, item);
      try (var result = select.executeQuery()) {
        List<Map<String, Object>> rows = new java.util.ArrayList<>();
        while (result.next()) {
          Map<String, Object> row = new java.util.HashMap<>();
          row.put("outcome", result.getString("outcome"));
          row.put("attempt", result.getLong("attempt"));
          row.put("error", result.getString("error"));
          row.put("scheduled", result.getLong("scheduled"));
          row.put("started", result.getLong("started"));
          row.put("finished", result.getLong("finished"));
          rows.add(row);
        }
        return rows;
      }
    }
  }

  private static long millis(Map<String, Object> row, String column) {
    return (Long) row.get(column);
  }
}
