package dev.pacer.group;

import static java.util.Objects.requireNonNull;

import dev.pacer.db.Database;
import dev.pacer.group.GroupMembers.Member;
import dev.pacer.run.Attempt;
import dev.pacer.run.FireTimes;
import jakarta.inject.Inject;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.quartz.DisallowConcurrentExecution;
import org.quartz.Job;
import org.quartz.JobExecutionContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Quartz job of a group of items (scale mode). One fire runs every member that is not paused
 * (and not waiting for its old group, after a move). {@link DisallowConcurrentExecution} keeps a
 * group, and so each of its items, to one run at a time across the cluster; a group fire waits for
 * its members, whose timeouts end within the interval. Recovered after a node dies.
 */
@DisallowConcurrentExecution
public final class GroupJob implements Job {
  static final String INTERVAL = "interval";
  private static final Logger log = LoggerFactory.getLogger(GroupJob.class);

  private final GroupMembers members;
  private final GroupRunner runner;
  private final Clock clock;

  @Inject
  public GroupJob(GroupMembers members, GroupRunner runner, Clock clock) {
    this.members = requireNonNull(members);
    this.runner = requireNonNull(runner);
    this.clock = requireNonNull(clock);
  }

  @Override
  public void execute(JobExecutionContext context) {
    FireTimes.await(context, clock);
    String group = context.getJobDetail().getKey().getName();
    int interval = context.getMergedJobDataMap().getInt(INTERVAL);
    Instant slot = context.getScheduledFireTime().toInstant();
    Instant next = context.getNextFireTime() == null ? null : context.getNextFireTime().toInstant();
    List<Member> due;
    try {
      due = members.active(group);
    } catch (SQLException e) {
      log.warn("Group {} skipped its {} slot: {}", group, slot, Database.reason(e));
      return;
    }
    List<Attempt> attempts = new ArrayList<>();
    for (Member member : due) {
      if (member.notBefore() <= slot.toEpochMilli()) {
        attempts.add(
            new Attempt(member.item(), interval, slot, 1, null, next, context.isRecovering()));
      }
    }
    runner.run(group, interval, attempts);
  }
}
