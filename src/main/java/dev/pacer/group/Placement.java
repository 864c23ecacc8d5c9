package dev.pacer.group;

import dev.pacer.sync.ItemJobs.Plan;
import dev.pacer.sync.ItemKeys;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Which group an item belongs to, and when it is first due there. An item is due at its last run +
 * its interval, then every interval (DESIGN.md's cadence): its group is that of its interval, of
 * that phase (its first fire's time within the interval, rounded up to {@code
 * schedule.group-window}: never early) and of its misfire policy. Group names keep a shard number
 * (all items are in shard 0 of {@value #SHARDS}): groups of a layout with more shards are placed
 * anew.
 *
 * <p>Each group costs Quartz a few statements under its cluster-wide lock per fire, whatever its
 * size: 100,000 items at 10 s in 100 phases make 10 fires a second. Until 2026-12-07 there were 8
 * shards: 80 fires a second, and at 100,000 items the lock, not the runs, was the limit; then 2, so
 * that two nodes would share even a phase that holds every item, which doubled the fires: at 1,000
 * items a second 0.47 commits per run against 0.26 with one. Nodes share the load fire by fire;
 * each fire runs on one node.
 *
 * @param phase the group's fires' time within its interval, ms
 * @param firstSlot the item's first slot: its first fire, rounded up to the window
 */
record Placement(String group, long phase, long firstSlot) {
  static final int SHARDS = 1;

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
