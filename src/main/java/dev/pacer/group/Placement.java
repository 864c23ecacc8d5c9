package dev.pacer.group;

import dev.pacer.sync.ItemJobs.Plan;
import dev.pacer.sync.ItemKeys;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Which group an item belongs to, and when it is first due there. An item is due at its last run +
 * its interval, then every interval (DESIGN.md's cadence): its group is that of its interval, of
 * that phase (its first fire's time within the interval, rounded up to {@code
 * schedule.group-window}: never early) and of its misfire policy. A crowded phase (see {@link
 * Phases}) is split into {@value #SHARDS} shards by the items' names, so that two nodes share even
 * a phase that holds every item (history's times are whole seconds: items of a 1 s interval that
 * ran on time have one phase); the items of other phases are in shard 0.
 *
 * <p>Each group costs Quartz a few statements under its cluster-wide lock per fire, whatever its
 * size: 100,000 items at 10 s spread over 100 phases make 10 fires a second. Until 2026-12-07 every
 * phase had 8 shards, 80 fires a second, and at 100,000 items the lock, not the runs, was the
 * limit; then 2, which at 1,000 items a second cost 0.47 commits per run against 0.26 with one.
 *
 * @param group the group's name, {@code g-<interval>s-<phase>ms-<shard>-<misfire policy>}
 * @param phase the group's fires' time within its interval, ms
 * @param firstSlot the item's first slot: its first fire, rounded up to the window
 */
record Placement(String group, long phase, long firstSlot) {
  static final int SHARDS = 2;

  private static final Pattern NAME = Pattern.compile("(g-\\d+s-\\d+ms)-(\\d+)(-.+)");

  /** The item's place in shard 0 of its phase. */
  static Placement of(Plan plan, long windowMillis) {
    long interval = plan.intervalSeconds() * 1000L;
    long first = plan.firstFire().toEpochMilli();
    long firstSlot = Math.floorDiv(first + windowMillis - 1, windowMillis) * windowMillis;
    long phase = Math.floorMod(firstSlot, interval);
    String group =
        "g-" + plan.intervalSeconds() + "s-" + phase + "ms-0-" + plan.misfirePolicy().configName();
    return new Placement(group, phase, firstSlot);
  }

  /** The shard of a split phase the item's name puts it in. */
  static long shardOf(String item) {
    return Math.floorMod(ItemKeys.spreadSeed(item), (long) SHARDS);
  }

  /** The same place in the item's shard of a split phase. */
  Placement split(String item) {
    Matcher name = NAME.matcher(group);
    if (!name.matches()) {
      throw new IllegalStateException("not a group name: " + group);
    }
    return new Placement(name.group(1) + "-" + shardOf(item) + name.group(3), phase, firstSlot);
  }

  /** Whether a group is this place in any shard. */
  boolean inAnyShard(String group) {
    Matcher mine = NAME.matcher(this.group);
    Matcher other = NAME.matcher(group);
    return mine.matches()
        && other.matches()
        && mine.group(1).equals(other.group(1))
        && mine.group(3).equals(other.group(3));
  }

  /** A group's interval and phase ({@code g-<interval>s-<phase>ms}), whatever its shard. */
  static String phaseOf(String group) {
    Matcher name = NAME.matcher(group);
    return name.matches() ? name.group(1) : group;
  }

  /**
   * Whether a group is of an older layout (a shard beyond today's), whose items are placed anew.
   */
  static boolean outdated(String group) {
    Matcher name = NAME.matcher(group);
    return !name.matches() || Integer.parseInt(name.group(2)) >= SHARDS;
  }
}
