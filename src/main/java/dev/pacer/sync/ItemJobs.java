package dev.pacer.sync;

import static java.util.Objects.requireNonNull;

import dev.pacer.cluster.PacerScheduler;
import dev.pacer.db.Database;
import dev.pacer.run.CollectJob;
import dev.pacer.settings.MisfirePolicy;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Date;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.quartz.JobBuilder;
import org.quartz.JobDetail;
import org.quartz.JobKey;
import org.quartz.SchedulerException;
import org.quartz.SimpleScheduleBuilder;
import org.quartz.SimpleTrigger;
import org.quartz.Trigger;
import org.quartz.TriggerBuilder;
import org.quartz.TriggerKey;
import org.quartz.spi.MutableTrigger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The Quartz side of the mirror: one durable-less job with one repeating trigger per item. */
@Singleton
public final class ItemJobs implements Schedule {
  private static final Logger log = LoggerFactory.getLogger(ItemJobs.class);

  private final PacerScheduler scheduler;
  private final Database database;

  @Inject
  public ItemJobs(PacerScheduler scheduler, Database database) {
    this.scheduler = requireNonNull(scheduler);
    this.database = requireNonNull(database);
  }

  /**
   * Every item trigger as the database holds it, by job name, read in one query; scale mode's group
   * jobs, if scale mode was on before, are deleted.
   */
  @Override
  public Map<String, Scheduled> load() throws SQLException, SchedulerException {
    int groups = Schedule.deleteJobGroup(scheduler.quartz(), ItemKeys.GROUPED);
    if (groups > 0) {
      log.info("Scale mode is off: removed {} group jobs; every item gets its own trigger", groups);
    }
    Map<String, Scheduled> triggers = new HashMap<>();
    try (Connection connection = database.connection();
        PreparedStatement select =
            connection.prepareStatement(
                "SELECT t.JOB_NAME, s.REPEAT_INTERVAL, t.MISFIRE_INSTR, t.TRIGGER_STATE"
                    + " FROM QRTZ_TRIGGERS t"
                    + " JOIN QRTZ_SIMPLE_TRIGGERS s ON s.SCHED_NAME = t.SCHED_NAME"
                    + " AND s.TRIGGER_NAME = t.TRIGGER_NAME AND s.TRIGGER_GROUP = t.TRIGGER_GROUP"
                    + " WHERE t.SCHED_NAME = ? AND t.TRIGGER_GROUP = ?")) {
      select.setString(1, PacerScheduler.NAME);
      select.setString(2, ItemKeys.GROUP);
      try (ResultSet rows = select.executeQuery()) {
        while (rows.next()) {
          String state = rows.getString(4);
          triggers.put(
              rows.getString(1),
              new Scheduled(rows.getLong(2), rows.getInt(3), state.startsWith("PAUSED")));
        }
      }
    }
    return triggers;
  }

  /** Creates the jobs of new items in one transaction. */
  @Override
  public void add(List<Plan> plans) throws SchedulerException {
    Map<JobDetail, Set<? extends Trigger>> jobs = new LinkedHashMap<>();
    for (Plan plan : plans) {
      JobDetail job =
          JobBuilder.newJob(CollectJob.class)
              .withIdentity(plan.jobName(), ItemKeys.GROUP)
              .usingJobData(CollectJob.ITEM, plan.item())
              .requestRecovery(true)
              .build();
      jobs.put(job, Set.of(trigger(plan)));
    }
    // replace = true: a job left without its trigger, or one another node just created, is reset.
    scheduler.quartz().scheduleJobs(jobs, true);
    pause(plans.stream().filter(Plan::paused).toList());
  }

  /** Gives each item's job a new trigger; a run in flight finishes first (no overlap). */
  @Override
  public void change(List<Plan> plans) throws SchedulerException {
    for (Plan plan : plans) {
      TriggerKey key = TriggerKey.triggerKey(plan.jobName(), ItemKeys.GROUP);
      if (scheduler.quartz().rescheduleJob(key, trigger(plan)) == null) {
        add(List.of(plan));
      } else if (plan.paused()) {
        scheduler.quartz().pauseTrigger(key); // a new trigger starts unpaused
      }
    }
  }

  @Override
  public void pause(List<Plan> plans) throws SchedulerException {
    for (Plan plan : plans) {
      TriggerKey key = TriggerKey.triggerKey(plan.jobName(), ItemKeys.GROUP);
      if (plan.paused()) {
        scheduler.quartz().pauseTrigger(key);
      } else {
        scheduler.quartz().resumeTrigger(key);
      }
    }
  }

  /** Deletes the jobs (with their triggers, retries included) in one transaction. */
  @Override
  public void remove(List<String> jobNames) throws SchedulerException {
    scheduler
        .quartz()
        .deleteJobs(jobNames.stream().map(name -> JobKey.jobKey(name, ItemKeys.GROUP)).toList());
  }

  private static Trigger trigger(Plan plan) {
    MutableTrigger trigger =
        (MutableTrigger)
            TriggerBuilder.newTrigger()
                .withIdentity(plan.jobName(), ItemKeys.GROUP)
                .forJob(plan.jobName(), ItemKeys.GROUP)
                .usingJobData(CollectJob.INTERVAL, plan.intervalSeconds())
                .startAt(Date.from(plan.firstFire()))
                .withSchedule(
                    SimpleScheduleBuilder.simpleSchedule()
                        .withIntervalInMilliseconds(plan.intervalSeconds() * 1000L)
                        .repeatForever())
                .build();
    trigger.setMisfireInstruction(misfireInstruction(plan.misfirePolicy()));
    return trigger;
  }

  /** How each misfire policy maps to Quartz's SimpleTrigger instructions. */
  public static int misfireInstruction(MisfirePolicy policy) {
    return switch (policy) {
      case RUN_ONCE -> SimpleTrigger.MISFIRE_INSTRUCTION_RESCHEDULE_NOW_WITH_EXISTING_REPEAT_COUNT;
      case SKIP -> SimpleTrigger.MISFIRE_INSTRUCTION_RESCHEDULE_NEXT_WITH_REMAINING_COUNT;
      case CATCH_UP -> Trigger.MISFIRE_INSTRUCTION_IGNORE_MISFIRE_POLICY;
    };
  }

  /** What an item's trigger should be. */
  public record Plan(
      String item,
      String jobName,
      int intervalSeconds,
      MisfirePolicy misfirePolicy,
      boolean paused,
      Instant firstFire) {
    public Plan {
      requireNonNull(item);
      requireNonNull(jobName);
      requireNonNull(misfirePolicy);
      requireNonNull(firstFire);
    }

    /** What is scheduled once this plan is applied. */
    public Scheduled scheduled() {
      return new Scheduled(intervalSeconds * 1000L, misfireInstruction(misfirePolicy), paused);
    }

    /** Whether a trigger as scheduled needs replacing to match this plan. */
    boolean differsFrom(Scheduled scheduled) {
      return scheduled.intervalMillis() != intervalSeconds * 1000L
          || scheduled.misfireInstruction() != misfireInstruction(misfirePolicy);
    }
  }

  /** An item trigger as the database holds it. */
  public record Scheduled(long intervalMillis, int misfireInstruction, boolean paused) {}
}
