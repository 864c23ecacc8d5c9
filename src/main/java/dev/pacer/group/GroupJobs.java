package dev.pacer.group;

import static java.util.Objects.requireNonNull;

import dev.pacer.cluster.ClusterConfig;
import dev.pacer.cluster.PacerScheduler;
import dev.pacer.db.Database;
import dev.pacer.fence.FireClaims;
import dev.pacer.group.GroupMembers.Member;
import dev.pacer.run.Runs;
import dev.pacer.sync.ItemJobs;
import dev.pacer.sync.ItemJobs.Plan;
import dev.pacer.sync.ItemJobs.Scheduled;
import dev.pacer.sync.ItemKeys;
import dev.pacer.sync.Schedule;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.sql.SQLException;
import java.time.Instant;
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
 * The {@link Schedule}: an item joins the group of its interval, phase and misfire policy (see
 * {@link Placement}); a group is one Quartz job and one repeating trigger at that phase. Quartz's
 * cost is then per group fire, not per item run. Membership lives in {@link GroupMembers}.
 */
@Singleton
public final class GroupJobs implements Schedule {
  private static final Logger log = LoggerFactory.getLogger(GroupJobs.class);

  public static final String GROUP = ItemKeys.GROUPED;

  private final PacerScheduler scheduler;
  private final GroupMembers members;
  private final FireClaims fires;
  private final Runs runs;
  private final long windowMillis;
  private final Map<String, Member> byKey = new HashMap<>();
  private final Phases phases = new Phases();
  private final Set<String> groups = new HashSet<>();

  /** Members that joined a group after its fire at their first slot, this tick, by group. */
  private final Map<String, List<Member>> late = new HashMap<>();

  /** Whether a change since the last {@link #dropEmptyGroups} may have emptied a group. */
  private boolean emptied;

  @Inject
  public GroupJobs(
      PacerScheduler scheduler,
      GroupMembers members,
      FireClaims fires,
      Runs runs,
      ClusterConfig config) {
    this.scheduler = requireNonNull(scheduler);
    this.runs = requireNonNull(runs);
    this.members = requireNonNull(members);
    this.fires = requireNonNull(fires);
    this.windowMillis = Math.max(1, config.getGroupWindow().toMillis());
  }

  @Override
  public Map<String, Scheduled> load() throws SQLException, SchedulerException {
    byKey.clear();
    phases.clear();
    groups.clear();
    int items = Schedule.deleteJobGroup(scheduler.quartz(), ItemKeys.GROUP);
    if (items > 0) {
      log.info(
          "Removed {} jobs of an older Pacer's, one per item; their items run in groups", items);
    }
    for (JobKey job : scheduler.quartz().getJobKeys(GroupMatcher.jobGroupEquals(GROUP))) {
      groups.add(job.getName());
    }
    Map<String, Scheduled> scheduled = new HashMap<>();
    List<String> orphans = new ArrayList<>();
    Set<String> left = new HashSet<>();
    for (Member member : members.all()) {
      if (!groups.contains(member.group()) || Placement.outdated(member.group())) {
        orphans.add(member.item()); // its group is gone or outdated: the sync places it afresh
        left.add(member.group());
        continue;
      }
      String key = ItemKeys.jobName(member.item());
      byKey.put(key, member);
      phases.add(member.intervalSeconds(), member.group());
      scheduled.put(
          key,
          new Scheduled(
              member.intervalSeconds() * 1000L, member.misfireInstruction(), member.paused()));
    }
    members.delete(orphans, left);
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
   * misfire policy decides. An item placed anew in a crowded phase ({@link Phases}, counted with
   * all of this change) goes to its shard of it, any other to shard 0; an item that stays in its
   * phase keeps its group.
   */
  @Override
  public void change(List<Plan> plans) throws SQLException, SchedulerException {
    List<Placement> unsplit = new ArrayList<>();
    for (Plan plan : plans) {
      Member old = byKey.get(plan.jobName());
      if (old != null) {
        phases.remove(old.intervalSeconds(), old.group());
      }
      Placement placement = Placement.of(plan, windowMillis);
      phases.add(plan.intervalSeconds(), placement.group());
      unsplit.add(placement);
    }
    List<Member> changed = new ArrayList<>();
    List<Placement> placements = new ArrayList<>();
    Set<String> left = new HashSet<>();
    for (int i = 0; i < plans.size(); i++) {
      Plan plan = plans.get(i);
      Member old = byKey.get(plan.jobName());
      Placement placement = unsplit.get(i);
      if (old != null && placement.inAnyShard(old.group())) {
        placement = new Placement(old.group(), placement.phase(), placement.firstSlot());
      } else if (phases.crowded(plan.intervalSeconds(), placement.group())) {
        placement = placement.split(plan.item());
      }
      if (old != null && !old.group().equals(placement.group())) {
        left.add(old.group());
      }
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
    members.put(changed, left);
    Map<String, Long> nextFires = new HashMap<>();
    for (int i = 0; i < changed.size(); i++) {
      Member member = changed.get(i);
      Member old = byKey.put(ItemKeys.jobName(member.item()), member);
      boolean placedAnew = old == null || !old.group().equals(member.group());
      ensureGroup(member, placements.get(i), placedAnew, nextFires, late);
    }
    emptied = true;
  }

  /**
   * The tick's changes are written: the members that joined their groups late run, one one-shot
   * fire per group for the whole tick (a tick writes 100,000 new items in batches for seconds).
   */
  @Override
  public void applied() {
    late.forEach(
        (group, joined) ->
            runs.queueLate(
                JobKey.jobKey(group, GROUP),
                joined.stream().map(Member::item).toList(),
                Instant.ofEpochMilli(
                    joined.stream().mapToLong(Member::notBefore).max().getAsLong())));
    late.clear();
  }

  @Override
  public void pause(List<Plan> plans) throws SQLException, SchedulerException {
    change(plans);
  }

  @Override
  public void remove(List<String> keys) throws SQLException, SchedulerException {
    List<String> items = new ArrayList<>();
    Set<String> left = new HashSet<>();
    for (String key : keys) {
      Member member = byKey.remove(key);
      if (member != null) {
        phases.remove(member.intervalSeconds(), member.group());
        items.add(member.item());
        left.add(member.group());
      }
    }
    members.delete(items, left);
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

  /**
   * Makes sure the member's group exists. A new group's trigger starts at the member's first slot
   * (its phase; if the slot passed while the tick wrote its changes, it fires at once). A member
   * that joins a group whose fire at its first slot has passed is noted in {@code late}: the tick's
   * late members of a group run once each, for their first slots, by one one-shot fire of the
   * group's job ({@link Runs#queueLate}): a late item runs as soon as possible.
   */
  private void ensureGroup(
      Member member,
      Placement placement,
      boolean placedAnew,
      Map<String, Long> nextFires,
      Map<String, List<Member>> late)
      throws SchedulerException {
    JobKey key = JobKey.jobKey(member.group(), GROUP);
    if (groups.contains(member.group())) {
      if (!placedAnew || member.paused()) {
        return;
      }
      long next = nextFires.computeIfAbsent(member.group(), group -> nextFire(group));
      if (next > member.notBefore()) {
        late.computeIfAbsent(member.group(), group -> new ArrayList<>()).add(member);
      }
      return;
    }
    JobDetail job =
        JobBuilder.newJob(GroupJob.class)
            .withIdentity(key)
            .usingJobData(GroupJob.INTERVAL, member.intervalSeconds())
            .requestRecovery(true)
            .build();
    MutableTrigger trigger =
        (MutableTrigger)
            TriggerBuilder.newTrigger()
                .withIdentity(member.group(), GROUP)
                .forJob(job)
                .startAt(new Date(placement.firstSlot()))
                .withSchedule(
                    SimpleScheduleBuilder.simpleSchedule()
                        .withIntervalInMilliseconds(member.intervalSeconds() * 1000L)
                        .repeatForever())
                .build();
    trigger.setMisfireInstruction(member.misfireInstruction());
    try {
      scheduler.quartz().scheduleJob(job, trigger);
    } catch (ObjectAlreadyExistsException e) {
      // made by an earlier leader
    }
    groups.add(member.group());
    nextFires.put(member.group(), placement.firstSlot());
  }

  /** When a group's trigger fires next, epoch ms; 0 if it has none. */
  private long nextFire(String group) {
    try {
      org.quartz.Trigger trigger =
          scheduler.quartz().getTrigger(org.quartz.TriggerKey.triggerKey(group, GROUP));
      return trigger == null || trigger.getNextFireTime() == null
          ? 0
          : trigger.getNextFireTime().getTime();
    } catch (SchedulerException e) {
      return 0;
    }
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
      try {
        fires.forget(empty.stream().map(JobKey::getName).toList());
      } catch (SQLException e) {
        log.debug("Fires of deleted groups left: {}", Database.reason(e)); // harmless
      }
    }
    emptied = false;
  }
}
