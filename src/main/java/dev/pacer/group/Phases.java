package dev.pacer.group;

import java.util.HashMap;
import java.util.Map;

/**
 * How the members of each interval are spread over its phases, to tell which phases to split into
 * {@link Placement#SHARDS} groups. A phase that holds more than half of its interval's members
 * (items inserted together, which share a whole second, or a lone phase) is crowded: as one group
 * it would be fired by one node at a time. The phases of an interval whose members are spread are
 * groups enough for the nodes to share, and each further group would only add Quartz's cost per
 * fire.
 */
final class Phases {
  private final Map<Integer, Integer> intervals = new HashMap<>();
  private final Map<String, Integer> phases = new HashMap<>();

  void add(int intervalSeconds, String group) {
    count(intervalSeconds, group, 1);
  }

  void remove(int intervalSeconds, String group) {
    count(intervalSeconds, group, -1);
  }

  void clear() {
    intervals.clear();
    phases.clear();
  }

  /** Whether the group's phase holds more than half of its interval's members. */
  boolean crowded(int intervalSeconds, String group) {
    return 2L * phases.getOrDefault(Placement.phaseOf(group), 0)
        > intervals.getOrDefault(intervalSeconds, 0);
  }

  private void count(int intervalSeconds, String group, int delta) {
    intervals.merge(intervalSeconds, delta, Phases::sum);
    phases.merge(Placement.phaseOf(group), delta, Phases::sum);
  }

  private static Integer sum(Integer a, Integer b) {
    int sum = a + b;
    return sum == 0 ? null : sum;
  }
}
