package dev.pacer.group;

import static java.util.Objects.requireNonNull;

import dev.pacer.db.Database;
import dev.pacer.group.GroupMembers.Member;
import dev.pacer.run.Attempt;
import dev.pacer.run.Runs;
import jakarta.inject.Inject;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.quartz.Job;
import org.quartz.JobDataMap;
import org.quartz.JobExecutionContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Quartz job of a group of items. A fire of its trigger starts every member that is not paused
 * (and not waiting for its first slot) and returns: the runs go on without it, each under its own
 * timeout, each item held by its claim. A one-shot fire of the job for one item (a retry, a run
 * now) starts that item alone. Recovered after a node dies, so a fire whose runs had not yet
 * started runs them elsewhere. Fires of one group may overlap (a one-shot fire and the group's
 * own): each item's claim keeps it to one run at a time, so the job does not ask Quartz to block
 * them, which would cost every fire two more statements under Quartz's cluster-wide lock.
 */
public final class GroupJob implements Job {
  static final String INTERVAL = Attempt.INTERVAL;
  private static final Logger log = LoggerFactory.getLogger(GroupJob.class);

  private final GroupMembers members;
  private final Runs runs;

  @Inject
  public GroupJob(GroupMembers members, Runs runs) {
    this.members = requireNonNull(members);
    this.runs = requireNonNull(runs);
  }

  @Override
  public void execute(JobExecutionContext context) {
    JobDataMap data = context.getMergedJobDataMap();
    if (data.containsKey(Attempt.ITEM)) {
      runOne(context, Attempt.of(context));
      return;
    }
    String group = context.getJobDetail().getKey().getName();
    if (data.containsKey(Runs.LATE)) {
      @SuppressWarnings("unchecked")
      List<String> late = (List<String>) data.get(Runs.LATE);
      runLate(context, group, late);
      return;
    }
    int interval = data.getInt(INTERVAL);
    Instant slot = context.getScheduledFireTime().toInstant();
    Instant next = context.getNextFireTime() == null ? null : context.getNextFireTime().toInstant();
    if (!context.isRecovering()) {
      runs.fire(
          context.getJobDetail().getKey(),
          slot,
          Duration.ofSeconds(interval),
          new Runs.Due() {
            @Override
            public String columns() {
              return GroupMembers.ROW_COLUMNS;
            }

            @Override
            public Attempt attempt(ResultSet row) throws SQLException {
              List<Attempt> due = due(List.of(GroupMembers.member(row)), interval, slot, next);
              return due.isEmpty() ? null : due.get(0);
            }
          });
      return;
    }
    // Recovered after its node died: each item is claimed on its own, its slot checked against
    // the run log, and what the fire had started elsewhere is not run again.
    List<Attempt> attempts;
    try {
      attempts = due(members.active(group), interval, slot, next);
    } catch (SQLException e) {
      log.warn("Group {} skipped its {} slot: {}", group, slot, Database.reason(e));
      return;
    }
    runs.start(
        context.getJobDetail().getKey(),
        slot,
        attempts.stream().map(Attempt::recoveredCopy).toList());
  }

  /** The attempts of a fire: its members that are not paused and whose first slot has come. */
  private static List<Attempt> due(List<Member> active, int interval, Instant slot, Instant next) {
    List<Attempt> attempts = new ArrayList<>();
    for (Member member : active) {
      if (member.notBefore() <= slot.toEpochMilli()) {
        attempts.add(Attempt.first(member.item(), interval, slot, next, member.misfire()));
      }
    }
    return attempts;
  }

  /**
   * A one-shot fire for members that joined the group after its fire at their first slot: each that
   * is still a member (and not paused) runs once, for its first slot. One that the group's fire did
   * include is passed by its claim (its slot ran).
   */
  private void runLate(JobExecutionContext context, String group, List<String> items) {
    List<Attempt> attempts = new ArrayList<>();
    try {
      for (Member member : members.of(items).values()) {
        if (member.group().equals(group) && !member.paused()) {
          attempts.add(
              Attempt.first(
                  member.item(),
                  member.intervalSeconds(),
                  Instant.ofEpochMilli(member.notBefore()),
                  null,
                  member.misfire()));
        }
      }
    } catch (SQLException e) {
      log.warn("Group {}: {} late members not run: {}", group, items.size(), Database.reason(e));
      return;
    }
    runs.start(
        context.getJobDetail().getKey(), context.getScheduledFireTime().toInstant(), attempts);
  }

  /** A one-shot fire for one item (a retry, a missed slot, a run now), if it is still a member. */
  private void runOne(JobExecutionContext context, Attempt attempt) {
    try {
      if (members.of(List.of(attempt.item())).isEmpty()) {
        return; // removed meanwhile
      }
    } catch (SQLException e) {
      log.warn(
          "{} not run at {}: {}",
          dev.pacer.history.ItemNames.printable(attempt.item()),
          attempt.slot(),
          Database.reason(e));
      return;
    }
    runs.start(
        context.getJobDetail().getKey(),
        context.getScheduledFireTime().toInstant(),
        List.of(attempt));
  }
}
