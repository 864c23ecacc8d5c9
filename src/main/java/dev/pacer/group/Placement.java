package dev.pacer.group;

import dev.pacer.sync.ItemJobs.Plan;
import dev.pacer.sync.ItemKeys;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Which group an item belongs to, and when it is first due there. An item is due at its last run +
 * its interval, then every interval (DESIGN.md's cadence): its group is that of its interval, of
 * that phase (its first fire's time within the interval, rounded up to {@code
 * schedule.group-window}: never early) and of its misfire policy, and one of {@value #SHARDS}
 * shards by its name, so that two nodes share even a phase that holds every item (history's times
 * are whole seconds: items of a 1 s interval that ran on time have one phase).
 *
 * <p>Each group costs Quartz a few statements under its cluster-wide lock per fire, whatever its
 * size: 100,000 items at 10 s in 100 phases make 20 fires a second. Until 2026-12-07 there were 8
 * shards: 80 fires a second, and at 100,000 items the lock, not the runs, was the limit.
 *
 * @param phase the group's fires' time within its interval, ms
 * @param firstSlot the item's first slot: its first fire, rounded up to the window
 */
record Placement(String group, long phase, long firstSlot) {
  static final int SHARDS = 2;

  private static final Pattern NAME = Pattern.compile("g-\\d+s-\\d+ms-(\\d+)-.+");

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

  /**
   * Whether a group is of an older layout (a shard beyond today's), whose items are placed anew.
   */
  static boolean outdated(String group) {
    Matcher name = NAME.matcher(group);
    return !name.matches() || Integer.parseInt(name.group(1)) >= SHARDS;
  }
}
