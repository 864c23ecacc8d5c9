package dev.pacer.sync;

import static java.util.Objects.requireNonNull;

import dev.pacer.settings.MisfirePolicy;
import java.time.Instant;
import org.quartz.SimpleTrigger;
import org.quartz.Trigger;

/**
 * What the sync plans for an item and what is scheduled for it (each item is a member of a group of
 * items, {@link dev.pacer.group.GroupJobs}), and how a misfire policy maps to Quartz.
 */
public final class ItemJobs {
  private ItemJobs() {}

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
