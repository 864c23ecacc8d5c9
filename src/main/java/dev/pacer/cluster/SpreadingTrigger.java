package dev.pacer.cluster;

import java.util.Date;
import org.quartz.Calendar;
import org.quartz.SimpleTrigger;
import org.quartz.impl.triggers.SimpleTriggerImpl;

/**
 * An item's trigger with the run-once misfire instruction, as {@link PacerJobStore} hands it to
 * Quartz. Quartz would reschedule every late trigger to "now": after the cluster was down, all
 * overdue items would fire in one burst. This one fires a late item within the smallest of its
 * lateness, its interval and the spread maximum, at an offset fixed by its name: a short delay
 * stays short, a long outage is worked off over the items' intervals.
 */
final class SpreadingTrigger extends SimpleTriggerImpl {
  private static final long serialVersionUID = 1L;

  private final long spreadMaxMillis;

  private SpreadingTrigger(SimpleTriggerImpl trigger, long spreadMaxMillis) {
    this.spreadMaxMillis = spreadMaxMillis;
    setKey(trigger.getKey());
    setJobKey(trigger.getJobKey());
    setDescription(trigger.getDescription());
    setJobDataMap(trigger.getJobDataMap());
    setCalendarName(trigger.getCalendarName());
    setPriority(trigger.getPriority());
    setMisfireInstruction(trigger.getMisfireInstruction());
    setRepeatCount(trigger.getRepeatCount());
    setRepeatInterval(trigger.getRepeatInterval());
    setTimesTriggered(trigger.getTimesTriggered());
    setStartTime(trigger.getStartTime());
    setEndTime(trigger.getEndTime());
    setNextFireTime(trigger.getNextFireTime());
    setPreviousFireTime(trigger.getPreviousFireTime());
  }

  /** The trigger itself, or a spreading copy if it is a run-once item trigger. */
  static SimpleTriggerImpl of(SimpleTriggerImpl trigger, long spreadMaxMillis) {
    boolean runOnce =
        trigger.getMisfireInstruction()
            == SimpleTrigger.MISFIRE_INSTRUCTION_RESCHEDULE_NOW_WITH_EXISTING_REPEAT_COUNT;
    return runOnce ? new SpreadingTrigger(trigger, spreadMaxMillis) : trigger;
  }

  @Override
  public void updateAfterMisfire(Calendar calendar) {
    Date missed = getNextFireTime();
    super.updateAfterMisfire(calendar); // next fire time "now"
    Date now = getNextFireTime();
    if (missed == null || now == null) {
      return;
    }
    long window =
        Math.min(Math.min(getRepeatInterval(), now.getTime() - missed.getTime()), spreadMaxMillis);
    if (window > 0) {
      Date spread = new Date(now.getTime() + Math.floorMod(seed(), window));
      setStartTime(spread);
      setNextFireTime(spread);
    }
  }

  /** As {@code ItemKeys.spreadSeed}: the first 64 bits of the hash in the job name. */
  private long seed() {
    String name = getKey().getName();
    return name.matches("i-[0-9a-f]{32}")
        ? Long.parseUnsignedLong(name.substring(2, 18), 16)
        : name.hashCode();
  }
}
