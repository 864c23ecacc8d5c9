package dev.pacer.group;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.pacer.cluster.PacerScheduler;
import dev.pacer.db.Database;
import dev.pacer.run.CollectJob;
import dev.pacer.sync.ItemKeys;
import dev.pacer.testing.TestingDatabase;
import dev.pacer.testing.TestingNode;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Date;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.quartz.JobBuilder;
import org.quartz.JobDetail;
import org.quartz.Scheduler;
import org.quartz.SimpleScheduleBuilder;
import org.quartz.Trigger;
import org.quartz.TriggerBuilder;
import org.quartz.impl.SchedulerRepository;
import org.quartz.impl.StdSchedulerFactory;
import org.quartz.utils.ConnectionProvider;
import org.quartz.utils.DBConnectionManager;

/**
 * A database an older Pacer scheduled, one Quartz job and trigger per item: the first node of this
 * version replaces them with groups, and every item goes on running, each slot once.
 */
class LayoutUpgradeTest {
  @RegisterExtension static final TestingDatabase db = TestingDatabase.mysql().withSchema();

  private static final List<String> ITEMS = List.of("a", "b", "c");

  @Test
  void perItemJobsOfAnOlderPacerBecomeGroups() throws Exception {
    db.insertItems(1, ITEMS.toArray(String[]::new));
    olderLayout();
    assertThat(db.count("SELECT COUNT(*) FROM QRTZ_TRIGGERS WHERE TRIGGER_GROUP = 'pacer'"))
        .isEqualTo(3);

    try (TestingNode node = TestingNode.on(db).start()) {
      await()
          .atMost(Duration.ofSeconds(20))
          .until(
              () ->
                  db.count("SELECT COUNT(*) FROM QRTZ_JOB_DETAILS WHERE JOB_GROUP = 'pacer'") == 0
                      && db.count("SELECT COUNT(*) FROM pacer_group") == 3);
      awaitEveryItemRunsAgain();
    }
    assertNoSlotRecordedTwice();
  }

  @Test
  void shardedGroupsOfAnOlderPacerArePlacedAgain() throws Exception {
    db.clearItemsAndScheduler();
    db.insertItems(1, ITEMS.toArray(String[]::new));
    try (TestingNode node = TestingNode.on(db).start()) {
      await()
          .atMost(Duration.ofSeconds(20))
          .until(() -> db.count("SELECT COUNT(*) FROM pacer_group") == 3);
    }
    // The layout of 2026-12-06: each group was one of 8 shards, named g-1s-<phase>ms-<shard>-...;
    // today's are shards 0 and 1 of 2.
    String sharded = "REPLACE(REPLACE(%s, 'ms-0-', 'ms-5-'), 'ms-1-', 'ms-6-')";
    db.execute(
        "SET FOREIGN_KEY_CHECKS = 0",
        "UPDATE QRTZ_JOB_DETAILS SET JOB_NAME = " + sharded.formatted("JOB_NAME"),
        "UPDATE QRTZ_TRIGGERS SET JOB_NAME = "
            + sharded.formatted("JOB_NAME")
            + ", TRIGGER_NAME = "
            + sharded.formatted("TRIGGER_NAME"),
        "UPDATE QRTZ_SIMPLE_TRIGGERS SET TRIGGER_NAME = " + sharded.formatted("TRIGGER_NAME"),
        "UPDATE pacer_group SET group_name = " + sharded.formatted("group_name"),
        "SET FOREIGN_KEY_CHECKS = 1");
    String shardedJobs = "SELECT COUNT(*) FROM QRTZ_JOB_DETAILS WHERE JOB_NAME REGEXP 'ms-[56]-'";
    assertThat(db.count(shardedJobs)).isPositive();

    try (TestingNode node = TestingNode.on(db).start()) {
      await()
          .atMost(Duration.ofSeconds(20))
          .until(
              () ->
                  db.count(shardedJobs) == 0
                      && db.count(
                              "SELECT COUNT(*) FROM pacer_group WHERE group_name NOT REGEXP 'ms-[56]-'")
                          == 3);
      awaitEveryItemRunsAgain();
    }
    assertNoSlotRecordedTwice();
  }

  private static void awaitEveryItemRunsAgain() throws Exception {
    long before = db.count("SELECT COALESCE(MAX(id), 0) FROM pacer_run");
    await()
        .atMost(Duration.ofSeconds(20))
        .until(
            () -> db.count("SELECT COUNT(DISTINCT item) FROM pacer_run WHERE id > ?", before) == 3);
  }

  private static void assertNoSlotRecordedTwice() throws Exception {
    assertThat(
            db.count(
                "SELECT COUNT(*) FROM (SELECT item FROM pacer_run GROUP BY item, scheduled_at,"
                    + " attempt HAVING COUNT(*) > 1) d"))
        .as("slots recorded twice")
        .isZero();
  }

  /** What an older Pacer left: a job (CollectJob) and a repeating trigger per item. */
  private static void olderLayout() throws Exception {
    TestingNode unstarted = TestingNode.on(db).build();
    Database database = unstarted.get(Database.class);
    DBConnectionManager.getInstance()
        .addConnectionProvider(
            "older-pacer",
            new ConnectionProvider() {
              @Override
              public Connection getConnection() throws SQLException {
                return database.connection();
              }

              @Override
              public void shutdown() {}

              @Override
              public void initialize() {}
            });
    Properties p = new Properties();
    p.setProperty("org.quartz.scheduler.instanceName", PacerScheduler.NAME);
    p.setProperty("org.quartz.scheduler.instanceId", "older-pacer");
    p.setProperty("org.quartz.scheduler.skipUpdateCheck", "true");
    p.setProperty("org.quartz.threadPool.class", "org.quartz.simpl.ZeroSizeThreadPool");
    p.setProperty("org.quartz.jobStore.class", "org.quartz.impl.jdbcjobstore.JobStoreTX");
    p.setProperty("org.quartz.jobStore.dataSource", "older-pacer");
    p.setProperty("org.quartz.jobStore.tablePrefix", "QRTZ_");
    p.setProperty("org.quartz.jobStore.isClustered", "true");
    Scheduler older = new StdSchedulerFactory(p).getScheduler();
    SchedulerRepository.getInstance().remove(PacerScheduler.NAME);
    try {
      for (String item : ITEMS) {
        JobDetail job =
            JobBuilder.newJob(CollectJob.class)
                .withIdentity(ItemKeys.jobName(item), "pacer")
                .usingJobData("item", item)
                .requestRecovery(true)
                .build();
        Trigger trigger =
            TriggerBuilder.newTrigger()
                .withIdentity(ItemKeys.jobName(item), "pacer")
                .forJob(job)
                .usingJobData("interval", 1)
                .startAt(new Date(System.currentTimeMillis() + 1000))
                .withSchedule(
                    SimpleScheduleBuilder.simpleSchedule()
                        .withIntervalInMilliseconds(1000)
                        .repeatForever())
                .build();
        older.scheduleJob(job, trigger);
      }
    } finally {
      older.shutdown(false);
      unstarted.close();
    }
  }
}
