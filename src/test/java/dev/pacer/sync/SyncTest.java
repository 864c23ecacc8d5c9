package dev.pacer.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.pacer.history.HistoryTable;
import dev.pacer.settings.SettingsCache;
import dev.pacer.testing.ItemSchedules;
import dev.pacer.testing.ItemSchedules.ItemSchedule;
import dev.pacer.testing.LogCapture;
import dev.pacer.testing.TestingDatabase;
import dev.pacer.testing.TestingNode;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import java.util.zip.CRC32;
import org.awaitility.core.ConditionFactory;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.AfterParameterizedClassInvocation;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.ValueSource;
import org.quartz.SimpleTrigger;
import org.quartz.Trigger;

/**
 * INSERT, UPDATE and DELETE of history rows reach the schedule without a restart, whether the sync
 * finds them by checksum or by the change log its triggers fill.
 */
@ParameterizedClass(name = "sync.change-capture={0}")
@ValueSource(strings = {"checksum", "triggers"})
class SyncTest {
  @RegisterExtension static final TestingDatabase db = TestingDatabase.mysql();
  private static final ItemSchedules schedules = ItemSchedules.on(db);
  @RegisterExtension final LogCapture syncLog = LogCapture.of(SyncService.class);
  @RegisterExtension final LogCapture settingsLog = LogCapture.of(SettingsCache.class);

  private static TestingNode node;

  /** Declared so JUnit hands the argument to {@link #startNode}. */
  @Parameter String changeCapture;

  @BeforeParameterizedClassInvocation
  static void startNode(String changeCapture) throws Exception {
    node = TestingNode.on(db).set("sync.change-capture", changeCapture).start();
  }

  @AfterParameterizedClassInvocation
  static void stopNode() {
    node.close();
  }

  @BeforeEach
  void emptyTable() throws Exception {
    db.execute("DELETE FROM history", "DELETE FROM pacer_item");
    eventually().until(() -> schedules.count() == 0);
  }

  @Test
  void schedulesAnInsertedRowAtItsLastRunPlusItsInterval() throws Exception {
    db.execute(
        "INSERT INTO history (item, last_execution_time, execution_interval)"
            + " VALUES ('cpu', NOW() - INTERVAL 20 SECOND, 60)");
    Instant lastRun = lastRun("cpu");

    ItemSchedule schedule = awaitSchedule("cpu", 60);

    assertThat(schedule.nextFire()).isEqualTo(lastRun.plusSeconds(60));
    assertThat(schedule.paused()).isFalse();
  }

  @Test
  void reschedulesWhenTheIntervalIsUpdatedKeepingThePhase() throws Exception {
    db.execute(
        "INSERT INTO history (item, last_execution_time, execution_interval)"
            + " VALUES ('disk', NOW(), 600)");
    awaitSchedule("disk", 600);

    // MariaDB's seed table may refresh last_execution_time on UPDATE (ON UPDATE CURRENT_TIMESTAMP).
    db.execute("UPDATE history SET execution_interval = 300 WHERE item = 'disk'");
    Instant lastRun = lastRun("disk");

    ItemSchedule schedule = awaitSchedule("disk", 300);
    assertThat(schedule.nextFire()).isEqualTo(lastRun.plusSeconds(300));
  }

  @Test
  void removesTheJobWhenTheRowIsDeleted() throws Exception {
    db.insertItems(600, "mem");
    awaitSchedule("mem", 600);

    db.execute("DELETE FROM history WHERE item = 'mem'");

    eventually().until(() -> schedules.of("mem") == null);
    // Its group, emptied, goes at the next tick with nothing else to do.
    eventually().until(() -> db.count("SELECT COUNT(*) FROM QRTZ_JOB_DETAILS") == 0);
  }

  @Test
  void skipsInvalidIntervalsWithOneWarningAndSchedulesThemOnceFixed() throws Exception {
    db.execute(
        "INSERT INTO history (item, last_execution_time, execution_interval)"
            + " VALUES ('zero', NOW(), 0), ('negative', NOW(), -5), ('good', NOW(), 600)");
    awaitSchedule("good", 600);
    SyncService sync = node.get(SyncService.class);
    sync.tick();
    sync.tick();

    assertThat(schedules.of("zero")).isNull();
    assertThat(schedules.of("negative")).isNull();
    assertThat(syncLog.messages())
        .filteredOn(m -> m.startsWith("Skipping"))
        .containsExactlyInAnyOrder(
            "Skipping zero: execution_interval 0 is not a positive number of seconds;"
                + " it is scheduled once the row is fixed",
            "Skipping negative: execution_interval -5 is not a positive number of seconds;"
                + " it is scheduled once the row is fixed");

    db.execute("UPDATE history SET execution_interval = 5 WHERE item = 'zero'");
    awaitSchedule("zero", 5);

    db.execute("UPDATE history SET execution_interval = 0 WHERE item = 'good'");
    eventually().until(() -> schedules.of("good") == null);
  }

  @Test
  void aTickWithNothingChangedReadsNoRowAndChangesNothing() throws Exception {
    db.insertItems(600, "a", "b", "c");
    awaitSchedule("c", 600);
    db.execute("UPDATE history SET result = 1, last_execution_time = NOW() WHERE item = 'a'");

    SyncService.SyncReport report = node.get(SyncService.class).tick();

    // Runs rewrite result and last_execution_time all the time: no reason to read a row.
    assertThat(report).isEqualTo(new SyncService.SyncReport(true, 0, 0, 0, 0, 0));
  }

  @Test
  void seesRowsChangedTheSameWayInOneStatement() throws Exception {
    // 600 rows over 256 checksum buckets: many buckets hold several rows changed identically,
    // which a linear checksum (an XOR of CRC32s) would see as no change at all.
    String[] items = IntStream.range(0, 600).mapToObj(i -> "same" + i).toArray(String[]::new);
    db.insertItems(600, items);
    eventually().until(() -> schedules.count() == items.length);

    db.execute("UPDATE history SET execution_interval = 300");

    eventually()
        .until(
            () ->
                db.count("SELECT COUNT(*) FROM pacer_group WHERE interval_s = 300")
                    == items.length);
  }

  @Test
  void seesAnUpdateAndAnInsertInOneBucket() throws Exception {
    String[] pair = sameBucket();
    db.insertItems(60, pair[0]);
    awaitSchedule(pair[0], 60);

    // The bucket holds more rows than before: scanned, not read by primary key.
    db.execute(
        "INSERT INTO history (item, last_execution_time, execution_interval) VALUES ('"
            + pair[0]
            + "', NOW(), 120), ('"
            + pair[1]
            + "', NOW(), 120) ON DUPLICATE KEY UPDATE execution_interval = 120");

    assertThat(db.count("SELECT COUNT(DISTINCT CRC32(item) % 256) FROM history")).isOne();
    awaitSchedule(pair[0], 120);
    awaitSchedule(pair[1], 120);
  }

  @Test
  void seesARowRenamedWithinItsBucket() throws Exception {
    String[] pair = sameBucket();
    db.insertItems(60, pair[0]);
    awaitSchedule(pair[0], 60);

    // As many rows as before in the bucket, but not the one it had: found only by a scan.
    db.execute("UPDATE history SET item = '" + pair[1] + "' WHERE item = '" + pair[0] + "'");

    awaitSchedule(pair[1], 60);
    eventually().until(() -> schedules.of(pair[0]) == null);
  }

  @Test
  void seesARowRenamedInCase() throws Exception {
    db.insertItems(60, "Disk");
    awaitSchedule("Disk", 60);

    // The table compares without case: a look-up of 'Disk' finds 'DISK'.
    db.execute("UPDATE history SET item = 'DISK' WHERE item = 'Disk'");

    awaitSchedule("DISK", 60);
    eventually().until(() -> schedules.of("Disk") == null);
  }

  /** Two item names in one change-detection bucket: MySQL's CRC32 of their bytes, modulo 256. */
  private static String[] sameBucket() {
    Map<Long, String> byBucket = new HashMap<>();
    for (int i = 0; ; i++) {
      String item = "bucket" + i;
      CRC32 crc = new CRC32();
      crc.update(item.getBytes(StandardCharsets.UTF_8));
      String other = byBucket.putIfAbsent(crc.getValue() % HistoryTable.BUCKETS, item);
      if (other != null) {
        return new String[] {other, item};
      }
    }
  }

  @Test
  void pausesAndResumesItemsChangedTogether() throws Exception {
    db.insertItems(600, "one", "two");
    awaitSchedule("two", 600);

    db.execute("INSERT INTO pacer_item (item, paused) VALUES ('one', 1), ('two', 1)");
    eventually().until(() -> paused("one") && paused("two"));

    db.execute("UPDATE pacer_item SET paused = 0");
    eventually().until(() -> !paused("one") && !paused("two"));
  }

  @Test
  void schedulesTheLargestIntervalTheColumnHolds() throws Exception {
    db.insertItems(Integer.MAX_VALUE, "yearly");

    ItemSchedule schedule = awaitSchedule("yearly", Integer.MAX_VALUE);

    assertThat(schedule.nextFire()).isEqualTo(lastRun("yearly").plusSeconds(Integer.MAX_VALUE));
  }

  @Test
  void appliesPauseAndMisfirePolicyFromItemSettings() throws Exception {
    db.insertItems(600, "web");
    awaitSchedule("web", 600);
    assertThat(schedules.of("web").misfireInstruction())
        .isEqualTo(SimpleTrigger.MISFIRE_INSTRUCTION_RESCHEDULE_NOW_WITH_EXISTING_REPEAT_COUNT);

    // A new policy moves the item to another group, whose trigger is made just after it joins:
    // each wait reads one schedule that has both the pause and the policy.
    db.execute("INSERT INTO pacer_item (item, paused, misfire_policy) VALUES ('web', 1, 'skip')");
    awaitSettings(
        "web", true, SimpleTrigger.MISFIRE_INSTRUCTION_RESCHEDULE_NEXT_WITH_REMAINING_COUNT);

    db.execute("UPDATE pacer_item SET paused = 0, misfire_policy = 'catch-up' WHERE item = 'web'");
    awaitSettings("web", false, Trigger.MISFIRE_INSTRUCTION_IGNORE_MISFIRE_POLICY);
  }

  private static void awaitSettings(String item, boolean paused, int misfireInstruction) {
    eventually()
        .until(
            () -> schedules.of(item),
            s -> s != null && s.paused() == paused && s.misfireInstruction() == misfireInstruction);
  }

  @Test
  void aNewItemIsScheduledWithTheSettingsCommittedBeforeItsRow() throws Exception {
    // Holding the sync lease stops the next tick after it has read the settings; the item's
    // settings and then its row are inserted while it waits, so it reads the row but not them.
    try (Connection holder = db.connection()) {
      holder.setAutoCommit(false);
      holder
          .createStatement()
          .executeQuery("SELECT owner FROM pacer_lease WHERE name = 'sync' FOR UPDATE")
          .close();
      eventually()
          .until(
              () ->
                  db.count(
                          "SELECT COUNT(*) FROM information_schema.INNODB_TRX"
                              + " WHERE trx_state = 'LOCK WAIT' AND trx_query LIKE ?",
                          "UPDATE pacer_lease%")
                      > 0);
      db.execute("INSERT INTO pacer_item (item, paused) VALUES ('late', 1)");
      db.insertItems(600, "late");
      holder.commit();
    }

    eventually().until(() -> paused("late"));
    assertThat(syncLog.messages())
        .as("scheduled paused, not paused by a later tick")
        .noneMatch(message -> message.startsWith("Paused late"));
  }

  @Test
  void anUnusableSettingIsReportedOnceAndTheDefaultUsed() throws Exception {
    db.insertItems(600, "odd");
    db.execute(
        "INSERT INTO pacer_item (item, misfire_policy, options, max_attempts)"
            + " VALUES ('odd', 'sometimes', '[1, 2]', -1)");
    SyncService sync = node.get(SyncService.class);
    awaitSchedule("odd", 600);
    sync.tick();

    List<String> warnings =
        settingsLog.messages().stream().filter(m -> m.startsWith("pacer_item odd")).toList();
    assertThat(warnings)
        .containsExactlyInAnyOrder(
            "pacer_item odd: misfire_policy 'sometimes' is not one of run-once, skip, catch-up;"
                + " using the default",
            "pacer_item odd: options is not a JSON object; using the default",
            "pacer_item odd: max_attempts -1 is not positive; using the default");
    assertThat(schedules.of("odd").misfireInstruction())
        .isEqualTo(SimpleTrigger.MISFIRE_INSTRUCTION_RESCHEDULE_NOW_WITH_EXISTING_REPEAT_COUNT);
  }

  /** Whether the item is scheduled and paused; false when it is not scheduled. */
  private static boolean paused(String item) throws Exception {
    ItemSchedule schedule = schedules.of(item);
    return schedule != null && schedule.paused();
  }

  private static Instant lastRun(String item) throws Exception {
    List<Object> values =
        db.column("SELECT UNIX_TIMESTAMP(last_execution_time) FROM history WHERE item = ?", item);
    return Instant.ofEpochSecond(((Number) values.get(0)).longValue());
  }

  private static ItemSchedule awaitSchedule(String item, int intervalSeconds) {
    return eventually()
        .until(
            () -> schedules.of(item),
            s -> s != null && s.intervalMillis() == intervalSeconds * 1000L);
  }

  /**
   * Waits for a condition as long as a loaded machine may need (another build, two busy cores): the
   * condition, not the deadline, is what the test is about.
   */
  private static ConditionFactory eventually() {
    return await().atMost(Duration.ofSeconds(90));
  }
}
