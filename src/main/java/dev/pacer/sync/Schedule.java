package dev.pacer.sync;

import dev.pacer.sync.ItemJobs.Plan;
import dev.pacer.sync.ItemJobs.Scheduled;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.quartz.JobKey;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.quartz.impl.matchers.GroupMatcher;

/**
 * How the sync's plans become Quartz state: one trigger per item ({@link ItemJobs}), or one trigger
 * per group of items sharing an interval and a phase window ({@link GroupJobs}). Changes come in
 * batches; each call is at most a few transactions.
 */
public interface Schedule {
  /** What is scheduled now, by item key ({@link ItemKeys#jobName}). */
  Map<String, Scheduled> load() throws SQLException, SchedulerException;

  void add(List<Plan> plans) throws SQLException, SchedulerException;

  /** New interval or misfire policy, keeping the item's pause state as planned. */
  void change(List<Plan> plans) throws SQLException, SchedulerException;

  /** Only the pause state changed. */
  void pause(List<Plan> plans) throws SQLException, SchedulerException;

  void remove(List<String> keys) throws SQLException, SchedulerException;

  /** Called once a tick's changes are all written (in batches): for what is best done once. */
  default void applied() throws SchedulerException {}

  /**
   * Cleans up what earlier changes left behind, if anything: called by a tick that found nothing to
   * change, so the cost of cleaning up does not delay a change.
   */
  default void tidy() throws SchedulerException {}

  /**
   * Deletes every job of a Quartz job group (with its triggers), 500 per transaction: what the
   * other way of scheduling left behind when {@code schedule.group-window} changed between zero and
   * not, which would otherwise run the items a second time.
   *
   * @return how many jobs it deleted
   */
  static int deleteJobGroup(Scheduler quartz, String group) throws SchedulerException {
    List<JobKey> jobs = new ArrayList<>(quartz.getJobKeys(GroupMatcher.jobGroupEquals(group)));
    for (int from = 0; from < jobs.size(); from += 500) {
      quartz.deleteJobs(jobs.subList(from, Math.min(jobs.size(), from + 500)));
    }
    return jobs.size();
  }
}
