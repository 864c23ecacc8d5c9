package dev.pacer.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.pacer.overview.ItemOverview;
import dev.pacer.overview.ItemView;
import dev.pacer.testing.ItemSchedules;
import dev.pacer.testing.ItemSchedules.ItemSchedule;
import dev.pacer.testing.LogCapture;
import dev.pacer.testing.TestingDatabase;
import dev.pacer.testing.TestingNode;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.AfterParameterizedClassInvocation;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A history table that does not follow the seed's schema (no primary key, a nullable item and date,
 * a text interval) holds rows Pacer cannot schedule: each is skipped with one warning that names
 * it, the other items run, and a fixed row is scheduled; whether the sync finds changes by checksum
 * or by its triggers' change log.
 */
@ParameterizedClass(name = "sync.change-capture={0}")
@ValueSource(strings = {"checksum", "triggers"})
class UnusableRowsTest {
  @RegisterExtension static final TestingDatabase db = TestingDatabase.mysql().withSchema();
  private static final ItemSchedules schedules = ItemSchedules.on(db);
  @RegisterExtension final LogCapture syncLog = LogCapture.of(SyncService.class);

  private static TestingNode node;

  /** Declared so JUnit hands the argument to {@link #startNode}. */
  @Parameter String changeCapture;

  @BeforeParameterizedClassInvocation
  static void startNode(String changeCapture) throws Exception {
    db.execute(
        "DROP TABLE history",
        "CREATE TABLE history (item VARCHAR(255) NULL, last_execution_time DATETIME NULL,"
            + " execution_interval VARCHAR(30) NULL, result FLOAT)");
    node = TestingNode.on(db).set("sync.change-capture", changeCapture).start();
  }

  @AfterParameterizedClassInvocation
  static void stopNode() {
    node.close();
  }

  @BeforeEach
  void emptyTable() throws Exception {
    db.execute("DELETE FROM history");
    await().until(() -> schedules.count() == 0);
    db.execute("DELETE FROM pacer_run");
  }

  @Test
  void eachUnusableRowIsSkippedWithOneWarningAndTheOthersRun() throws Exception {
    insert(
        "('good', UTC_TIMESTAMP(), '1')",
        "(NULL, '2031-02-03 04:05:06', '5')",
        "('huge', UTC_TIMESTAMP(), '3000000000')",
        "('words', UTC_TIMESTAMP(), 'soon')",
        "('twice', UTC_TIMESTAMP(), '60')",
        "('twice', UTC_TIMESTAMP(), '60')",
        "('never run', NULL, '1')",
        "('zero date', '0000-00-00 00:00:00', '1')");

    await()
        .atMost(Duration.ofSeconds(20))
        .until(
            () ->
                db.count("SELECT COUNT(DISTINCT item) FROM pacer_run WHERE outcome = 'success'")
                    == 3);
    SyncService sync = node.get(SyncService.class);
    sync.tick();
    sync.tick();

    assertThat(db.column("SELECT DISTINCT item FROM pacer_run"))
        .containsExactlyInAnyOrder("good", "never run", "zero date");
    assertThat(schedules.items()).containsExactlyInAnyOrder("good", "never run", "zero date");
    assertThat(syncLog.messages()).noneMatch(m -> m.startsWith("Sync failed"));
    assertThat(syncLog.messages())
        .filteredOn(m -> m.startsWith("Skipping"))
        .containsExactlyInAnyOrder(
            "Skipping a row with a NULL item: an item needs a name (execution_interval '5',"
                + " last_execution_time 2031-02-03T04:05:06Z); it is scheduled once the row is"
                + " fixed",
            "Skipping huge: execution_interval 3000000000 is more than 2147483647 seconds, the"
                + " most an INT holds; it is scheduled once the row is fixed",
            "Skipping words: execution_interval 'soon' is not a number; it is scheduled once the"
                + " row is fixed",
            "Skipping twice: 2 rows have this item; it is scheduled once the row is fixed");

    // What operators see: the rows with a name, the unusable ones invalid.
    ItemOverview overview = node.get(ItemOverview.class);
    assertThat(overview.all())
        .filteredOn(item -> item.state().equals("invalid"))
        .extracting(ItemView::item)
        .containsExactlyInAnyOrder("huge", "words", "twice", "twice");
    assertThat(overview.all()).hasSize(7);
    assertThat(overview.countByState()).containsEntry("invalid", 5);
  }

  @Test
  void aFixedRowIsScheduledAndARowBrokenAgainIsNamedAgain() throws Exception {
    insert(
        "(NULL, UTC_TIMESTAMP(), '600')",
        "('broken', UTC_TIMESTAMP(), '3000000000')",
        "('pair', UTC_TIMESTAMP(), '600')",
        "('pair', UTC_TIMESTAMP(), '600')");
    await().until(() -> skipping().size() == 3);

    db.execute(
        "UPDATE history SET item = 'named' WHERE item IS NULL",
        "UPDATE history SET execution_interval = '600' WHERE item = 'broken'",
        "DELETE FROM history WHERE item = 'pair' LIMIT 1");

    await().atMost(Duration.ofSeconds(10)).until(() -> schedule("named") != null);
    await().atMost(Duration.ofSeconds(10)).until(() -> schedule("broken") != null);
    await().atMost(Duration.ofSeconds(10)).until(() -> schedule("pair") != null);
    assertThat(schedule("broken").intervalMillis()).isEqualTo(600_000L);

    db.execute("UPDATE history SET execution_interval = '-1' WHERE item = 'broken'");
    await().atMost(Duration.ofSeconds(10)).until(() -> schedule("broken") == null);
    assertThat(skipping())
        .contains(
            "Skipping broken: execution_interval -1 is not a positive number of seconds; it is"
                + " scheduled once the row is fixed")
        .hasSize(4);
  }

  @Test
  void aLastRunFarInTheFutureIsScheduledFromItWithOneWarning() throws Exception {
    insert("('later', '2037-01-01 00:00:00', '60')");

    ItemSchedule schedule = await().until(() -> schedule("later"), s -> s != null);
    node.get(SyncService.class).tick();

    assertThat(schedule.nextFire()).isEqualTo(Instant.parse("2037-01-01T00:01:00Z"));
    assertThat(syncLog.messages())
        .filteredOn(m -> m.startsWith("later has"))
        .containsExactly(
            "later has last_execution_time 2037-01-01T00:00:00Z, in the future: it first runs at"
                + " 2037-01-01T00:01:00Z (one interval later); once last_execution_time is"
                + " corrected, a change of execution_interval reschedules it");

    // What the warning advises.
    db.execute(
        "UPDATE history SET last_execution_time = UTC_TIMESTAMP(), execution_interval = '61'"
            + " WHERE item = 'later'");
    ItemSchedule corrected =
        await()
            .atMost(Duration.ofSeconds(10))
            .until(() -> schedule("later"), s -> s != null && s.intervalMillis() == 61_000L);
    assertThat(corrected.nextFire()).isBefore(Instant.now().plus(Duration.ofMinutes(2)));
  }

  private List<String> skipping() {
    return syncLog.messages().stream().filter(m -> m.startsWith("Skipping")).toList();
  }

  /** Inserts rows into the history table, zero dates allowed. */
  private static void insert(String... rows) throws Exception {
    try (Connection connection = db.connection();
        Statement statement = connection.createStatement()) {
      statement.execute("SET sql_mode = ''");
      statement.execute(
          "INSERT INTO history (item, last_execution_time, execution_interval) VALUES "
              + String.join(", ", rows));
    }
  }

  private static ItemSchedule schedule(String item) throws Exception {
    return schedules.of(item);
  }
}
