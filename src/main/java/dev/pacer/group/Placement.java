package dev.pacer.group;

import dev.pacer.sync.ItemJobs.Plan;
import dev.pacer.sync.ItemKeys;

/**
 * Which group an item belongs to, and when it is first due there. An item is due at its last run +
 * its interval, then every interval (DESIGN.md's cadence): its group is that of its interval, of
 * that phase (its first fire's time within the interval, rounded up to {@code
 * schedule.group-window}: never early) and of its misfire policy, and one of {@value #SHARDS}
 * shards by its name, so that many items of one phase make groups that several nodes share.
 *
 * @param phase the group's fires' time within its interval, ms
 * @param firstSlot the item's first slot: its first fire, rounded up to the window
 */
record Placement(String group, long phase, long firstSlot) {
  static final int SHARDS = 8;

  static Placement of(Plan plan, long windowMillis) {
    long interval = plan.intervalSeconds() * 1000L;
    long first = plan.firstFire().toEpochMilli();
    long firstSlot = Math.floorDiv(first + windowMillis - 1, windowMillis) * windowMillis;
    long phase = Math.floorMod(firstSlot, interval);
    int shard = (int) Math.floorMod(ItemKeys.spreadSeed(plan.item()), (long) SHARDS);
    String group =
        "g-"
            + plan.intervalSeconds()
            + "s-"
            + phase
            + "ms-"
            + shard
            + "-"
            + plan.misfirePolicy().configName();
    return new Placement(group, phase, firstSlot);
  }
}
