package dev.pacer.group;

import static java.util.Objects.requireNonNull;

import dev.pacer.cluster.ClusterConfig;
import dev.pacer.cluster.PacerScheduler;
import dev.pacer.group.GroupMembers.Member;
import dev.pacer.sync.ItemJobs;
import dev.pacer.sync.ItemJobs.Plan;
import dev.pacer.sync.ItemJobs.Scheduled;
import dev.pacer.sync.ItemKeys;
import dev.pacer.sync.Schedule;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.quartz.JobBuilder;
import org.quartz.JobDetail;
import org.quartz.JobKey;
import org.quartz.ObjectAlreadyExistsException;
import org.quartz.SchedulerException;
import org.quartz.SimpleScheduleBuilder;
import org.quartz.TriggerBuilder;
import org.quartz.impl.matchers.GroupMatcher;
import org.quartz.spi.MutableTrigger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Scale mode's {@link Schedule}: an item joins the group of its interval, phase window ({@code
 * schedule.group-window}) and misfire policy; a group is one Quartz job and one repeating trigger,
 * aligned to its window on the epoch so every node computes the same. Quartz's cost is then per
 * group fire, not per item run. Membership lives in {@link GroupMembers}.
 */
@Singleton
public final class GroupJobs implements Schedule {
  private static final Logger log = LoggerFactory.getLogger(GroupJobs.class);

  public static final String GROUP = ItemKeys.GROUPED;

  private final PacerScheduler scheduler;
  private final GroupMembers members;
  private final Clock clock;
  private final long windowMillis;
  private final Map<String, Member> byKey = new HashMap<>();
  private final Set<String> groups = new HashSet<>();

  /** Whether a change since the last {@link #dropEmptyGroups} may have emptied a group. */
  private boolean emptied;

  @Inject
  public GroupJobs(
      PacerScheduler scheduler, GroupMembers members, ClusterConfig config, Clock clock) {
    this.scheduler = requireNonNull(scheduler);
    this.members = requireNonNull(members);
    this.clock = requireNonNull(clock);
    this.windowMillis = Math.max(1, config.getGroupWindow().toMillis());
  }

  @Override
  public Map<String, Scheduled> load() throws SQLException, SchedulerException {
    byKey.clear();
    groups.clear();
    int items = Schedule.deleteJobGroup(scheduler.quartz(), ItemKeys.GROUP);
    if (items > 0) {
      log.info("Scale mode is on: removed {} per-item jobs; their items run in groups", items);
    }
    for (JobKey job : scheduler.quartz().getJobKeys(GroupMatcher.jobGroupEquals(GROUP))) {
      groups.add(job.getName());
    }
    Map<String, Scheduled> scheduled = new HashMap<>();
    List<String> orphans = new ArrayList<>();
    for (Member member : members.all()) {
      if (!groups.contains(member.group())) {
        orphans.add(member.item()); // scale mode was off: the sync schedules it afresh
        continue;
      }
      String key = ItemKeys.jobName(member.item());
      byKey.put(key, member);
      scheduled.put(
          key,
          new Scheduled(
              member.intervalSeconds() * 1000L, member.misfireInstruction(), member.paused()));
    }
    members.delete(orphans);
    dropEmptyGroups();
    return scheduled;
  }

  @Override
  public void add(List<Plan> plans) throws SQLException, SchedulerException {
    change(plans);
  }

  /**
   * Puts items into their groups. A new or rescheduled item is not run before its first slot; one
   * whose last run is still going when its first slot comes is passed by (its claim), and its
   * misfire policy decides.
   */
  @Override
  public void change(List<Plan> plans) throws SQLException, SchedulerException {
    List<Member> changed = new ArrayList<>();
    List<Placement> placements = new ArrayList<>();
    for (Plan plan : plans) {
      Member old = byKey.get(plan.jobName());
      Placement placement = Placement.of(plan, windowMillis);
      long notBefore =
          old != null && old.group().equals(placement.group())
              ? old.notBefore()
              : placement.firstSlot();
      changed.add(
          new Member(
              plan.item(),
              placement.group(),
              plan.intervalSeconds(),
              ItemJobs.misfireInstruction(plan.misfirePolicy()),
              plan.paused(),
              notBefore));
      placements.add(placement);
    }
    members.put(changed);
    for (int i = 0; i < changed.size(); i++) {
      Member member = changed.get(i);
      byKey.put(ItemKeys.jobName(member.item()), member);
      ensureGroup(member, placements.get(i));
    }
    emptied = true;
  }

  @Override
  public void pause(List<Plan> plans) throws SQLException, SchedulerException {
    change(plans);
  }

  @Override
  public void remove(List<String> keys) throws SQLException, SchedulerException {
    List<String> items = new ArrayList<>();
    for (String key : keys) {
      Member member = byKey.remove(key);
      if (member != null) {
        items.add(member.item());
      }
    }
    members.delete(items);
    emptied = true;
  }

  /**
   * Deletes the groups that changes emptied, in one transaction, at a tick with nothing else to do:
   * deleting a Quartz job waits for Quartz's lock, which a change should not wait for. Until then
   * an empty group's trigger fires and runs nothing, and an item that moves back finds its group.
   */
  @Override
  public void tidy() throws SchedulerException {
    if (emptied) {
      dropEmptyGroups();
    }
  }

  private void ensureGroup(Member member, Placement placement) throws SchedulerException {
    if (groups.contains(member.group())) {
      return;
    }
    long interval = member.intervalSeconds() * 1000L;
    long now = clock.millis();
    long start = now + Math.floorMod(placement.phase() - now, interval);
    JobDetail job =
        JobBuilder.newJob(GroupJob.class)
            .withIdentity(member.group(), GROUP)
            .usingJobData(GroupJob.INTERVAL, member.intervalSeconds())
            .requestRecovery(true)
            .build();
    MutableTrigger trigger =
        (MutableTrigger)
            TriggerBuilder.newTrigger()
                .withIdentity(member.group(), GROUP)
                .forJob(job)
                .startAt(new Date(start))
                .withSchedule(
                    SimpleScheduleBuilder.simpleSchedule()
                        .withIntervalInMilliseconds(interval)
                        .repeatForever())
                .build();
    trigger.setMisfireInstruction(member.misfireInstruction());
    try {
      scheduler.quartz().scheduleJob(job, trigger);
    } catch (ObjectAlreadyExistsException e) {
      // made by an earlier leader
    }
    groups.add(member.group());
  }

  private void dropEmptyGroups() throws SchedulerException {
    Set<String> used = new HashSet<>();
    byKey.values().forEach(member -> used.add(member.group()));
    List<JobKey> empty = new ArrayList<>();
    for (String group : groups) {
      if (!used.contains(group)) {
        empty.add(JobKey.jobKey(group, GROUP));
      }
    }
    if (!empty.isEmpty()) {
      scheduler.quartz().deleteJobs(empty);
      empty.forEach(key -> groups.remove(key.getName()));
    }
    emptied = false;
  }
}
