package dev.pacer.run;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import org.quartz.JobDataMap;
import org.quartz.JobExecutionContext;

/**
 * One attempt at one slot of an item, as its trigger describes it. A regular trigger's fire is
 * attempt 1 of its slot; a retry trigger carries the slot, the attempt number, when attempt 1
 * started and when the next regular slot is due.
 *
 * @param slot the scheduled time of the slot (a recovered run keeps its original one)
 * @param firstStart when attempt 1 of this slot started, null for attempt 1
 * @param nextSlot the item's next regular fire time, null if unknown
 * @param recovering whether this re-runs an attempt whose node died while running it
 */
public record Attempt(
    String item,
    int intervalSeconds,
    Instant slot,
    int number,
    Instant firstStart,
    Instant nextSlot,
    boolean recovering) {
  static final String ITEM = "item";
  static final String INTERVAL = "interval";
  static final String NUMBER = "attempt";
  static final String SLOT = "slot";
  static final String FIRST_START = "firstStart";
  static final String NEXT_SLOT = "nextSlot";

  public Attempt {
    requireNonNull(item);
    requireNonNull(slot);
  }

  static Attempt of(JobExecutionContext context) {
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
        context.isRecovering());
  }

  /** This attempt under another number (a run taken over from a node that was lost). */
  Attempt numbered(int attempt) {
    return new Attempt(item, intervalSeconds, slot, attempt, firstStart, nextSlot, recovering);
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
        item, intervalSeconds, slot, number + 1, slotStart(thisStart), nextSlot, false);
  }

  /** When this slot's attempt 1 started, given this attempt started at {@code thisStart}. */
  Instant slotStart(Instant thisStart) {
    return firstStart != null ? firstStart : thisStart;
  }

  /** The trigger data of a retry: everything but the item, which the job holds. */
  JobDataMap retryData() {
    JobDataMap data = new JobDataMap();
    data.put(INTERVAL, intervalSeconds);
    data.put(SLOT, slot.toEpochMilli());
    data.put(NUMBER, number);
    data.put(FIRST_START, firstStart.toEpochMilli());
    if (nextSlot != null) {
      data.put(NEXT_SLOT, nextSlot.toEpochMilli());
    }
    return data;
  }
}
