package dev.pacer.cluster;

import java.util.Date;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
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

  private static final Pattern GROUP = Pattern.compile("g-\\d+s-(\\d+)ms-(\\d+)-.*");
  private static final int SHARDS = 2; // as dev.pacer.group.Placement

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
      Date spread = new Date(now.getTime() + offset(window));
      setStartTime(spread);
      setNextFireTime(spread);
    }
  }

  /**
   * Where in the window this trigger fires. A group's ({@code g-<interval>s-<phase>ms-<shard>-...})
   * is its phase plus its shard's share of the window, so that the shards of one phase (the items
   * of one busy second) are worked off evenly apart, not wherever their names' hashes fall; an
   * item's is fixed by its name's hash ({@code ItemKeys.spreadSeed}).
   */
  private long offset(long window) {
    String name = getKey().getName();
    Matcher group = GROUP.matcher(name);
    if (group.matches()) {
      long phase = Long.parseLong(group.group(1));
      int shard = Integer.parseInt(group.group(2));
      return Math.floorMod(phase + window * shard / SHARDS, window);
    }
    long seed =
        name.matches("i-[0-9a-f]{32}")
            ? Long.parseUnsignedLong(name.substring(2, 18), 16)
            : name.hashCode();
    return Math.floorMod(seed, window);
  }
}
