package dev.pacer.run;

import static java.util.Objects.requireNonNull;

import dev.pacer.settings.MisfirePolicy;
import java.time.Instant;
import org.quartz.JobDataMap;
import org.quartz.JobExecutionContext;

/**
 * One attempt at one slot of an item. A group's fire is attempt 1 of its slot for each member; a
 * one-shot fire of one item (a retry, a run now) carries the item, the slot, the attempt number,
 * when attempt 1 started and when the next regular slot is due.
 *
 * @param slot the scheduled time of the slot (a re-run keeps its original one)
 * @param firstStart when attempt 1 of this slot started, null for attempt 1
 * @param nextSlot the item's next regular fire time, null if unknown
 * @param recovering whether this re-runs an attempt whose node was lost while running it
 * @param misfire what the item does with slots it missed while this attempt ran
 */
public record Attempt(
    String item,
    int intervalSeconds,
    Instant slot,
    int number,
    Instant firstStart,
    Instant nextSlot,
    boolean recovering,
    MisfirePolicy misfire) {
  public static final String ITEM = "item";
  public static final String INTERVAL = "interval";
  static final String NUMBER = "attempt";
  static final String SLOT = "slot";
  static final String FIRST_START = "firstStart";
  static final String NEXT_SLOT = "nextSlot";
  static final String MISFIRE = "misfire";

  public Attempt {
    requireNonNull(item);
    requireNonNull(slot);
    requireNonNull(misfire);
  }

  /** Attempt 1 of a regular slot. */
  public static Attempt first(
      String item, int intervalSeconds, Instant slot, Instant nextSlot, MisfirePolicy misfire) {
    return new Attempt(item, intervalSeconds, slot, 1, null, nextSlot, false, misfire);
  }

  /** A one-shot fire of one item: its trigger's data says which attempt of which slot. */
  public static Attempt of(JobExecutionContext context) {
    JobDataMap data = context.getMergedJobDataMap();
    Instant nextFire =
        context.getNextFireTime() == null ? null : context.getNextFireTime().toInstant();
    return new Attempt(
        data.getString(ITEM),
        data.containsKey(INTERVAL) ? data.getInt(INTERVAL) : 0,
        data.containsKey(SLOT)
            ? Instant.ofEpochMilli(data.getLong(SLOT))
            : context.getScheduledFireTime().toInstant(),
        data.containsKey(NUMBER) ? data.getInt(NUMBER) : 1,
        data.containsKey(FIRST_START) ? Instant.ofEpochMilli(data.getLong(FIRST_START)) : null,
        data.containsKey(NEXT_SLOT) ? Instant.ofEpochMilli(data.getLong(NEXT_SLOT)) : nextFire,
        context.isRecovering(),
        data.containsKey(MISFIRE)
            ? MisfirePolicy.parse(data.getString(MISFIRE)).orElse(MisfirePolicy.RUN_ONCE)
            : MisfirePolicy.RUN_ONCE);
  }

  /** This attempt under another number (a re-run of an attempt lost with its node). */
  Attempt numbered(int attempt) {
    return new Attempt(
        item, intervalSeconds, slot, attempt, firstStart, nextSlot, recovering, misfire);
  }

  /** This attempt as a re-run of one lost with its node. */
  public Attempt recoveredCopy() {
    return new Attempt(item, intervalSeconds, slot, number, firstStart, nextSlot, true, misfire);
  }

  /** Attempt 1 of another slot of the item (one it missed while a run outlasted its interval). */
  Attempt at(Instant otherSlot) {
    return new Attempt(
        item,
        intervalSeconds,
        otherSlot,
        1,
        null,
        otherSlot.plusSeconds(intervalSeconds),
        false,
        misfire);
  }

  /**
   * Whether the run log may already hold this attempt or a later one, so it must be checked before
   * it runs: a re-run of a lost node's attempt, or a retry.
   */
  boolean mayBeRecorded() {
    return recovering || number > 1;
  }

  /** The next attempt at this slot, after this one started at {@code thisStart} and failed. */
  Attempt next(Instant thisStart) {
    return new Attempt(
        item, intervalSeconds, slot, number + 1, slotStart(thisStart), nextSlot, false, misfire);
  }

  /** When this slot's attempt 1 started, given this attempt started at {@code thisStart}. */
  Instant slotStart(Instant thisStart) {
    return firstStart != null ? firstStart : thisStart;
  }

  /** The trigger data of a one-shot fire of this attempt. */
  JobDataMap data() {
    JobDataMap data = new JobDataMap();
    data.put(ITEM, item);
    data.put(INTERVAL, intervalSeconds);
    data.put(SLOT, slot.toEpochMilli());
    data.put(NUMBER, number);
    if (firstStart != null) {
      data.put(FIRST_START, firstStart.toEpochMilli());
    }
    if (nextSlot != null) {
      data.put(NEXT_SLOT, nextSlot.toEpochMilli());
    }
    data.put(MISFIRE, misfire.configName());
    return data;
  }
}
