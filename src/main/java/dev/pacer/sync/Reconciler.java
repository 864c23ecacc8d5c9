package dev.pacer.sync;

import static java.util.Objects.requireNonNull;

import dev.pacer.cluster.ClusterConfig;
import dev.pacer.history.HistoryRow;
import dev.pacer.settings.ItemSettings;
import dev.pacer.settings.MisfirePolicy;
import dev.pacer.sync.ItemJobs.Plan;
import dev.pacer.sync.Mirror.Entry;
import dev.pacer.sync.Reconciliation.Removed;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * Compares history rows with what is scheduled and says what to change: no database, no Quartz, no
 * clock of its own. A row that can be scheduled becomes a {@link Plan} (its interval, its item's
 * misfire policy and pause, its first fire from {@link FirstFire}); an item the rows no longer
 * have, or cannot schedule, is removed, but only among the items the rows were read for.
 */
final class Reconciler {
  private final Duration spreadMax;
  private final MisfirePolicy misfirePolicy;

  @Inject
  Reconciler(SyncConfig sync, ClusterConfig cluster) {
    this(cluster.getSpreadMax(), sync.getMisfirePolicy());
  }

  /**
   * @param spreadMax {@code spread.max}: the longest an overdue item's first run is put off
   * @param misfirePolicy the policy of items whose settings name none
   */
  Reconciler(Duration spreadMax, MisfirePolicy misfirePolicy) {
    this.spreadMax = requireNonNull(spreadMax);
    this.misfirePolicy = requireNonNull(misfirePolicy);
  }

  /**
   * @param rows the history rows read
   * @param scope the keys of the scheduled items the rows stand for (those missing from them are
   *     removed), or null for every item: the rows are the whole table
   * @param mirror what is scheduled
   * @param settings each item's own settings
   * @param now the instant the plans are made at
   */
  Reconciliation reconcile(
      List<HistoryRow> rows,
      Set<String> scope,
      Mirror mirror,
      Function<String, ItemSettings> settings,
      Instant now) {
    Map<String, HistoryRow> usable = new HashMap<>();
    List<HistoryRow> unusable = new ArrayList<>();
    List<Plan> added = new ArrayList<>();
    List<Plan> rescheduled = new ArrayList<>();
    List<Plan> pausedOrResumed = new ArrayList<>();
    for (HistoryRow row : rows) {
      if (!row.usable()) {
        unusable.add(row);
        continue;
      }
      Plan plan = plan(row, settings.apply(row.item()), now);
      usable.put(plan.jobName(), row);
      Entry current = mirror.get(plan.jobName());
      if (current == null) {
        added.add(plan);
      } else if (plan.differsFrom(current.scheduled())) {
        rescheduled.add(plan);
      } else if (plan.paused() != current.scheduled().paused()) {
        pausedOrResumed.add(plan);
      }
    }
    List<Plan> farAhead =
        Stream.concat(added.stream(), rescheduled.stream())
            .filter(plan -> usable.get(plan.jobName()).lastRunFarAhead(now))
            .toList();
    List<Removed> removed =
        (scope == null ? mirror.keys() : scope)
            .stream()
                .filter(key -> mirror.contains(key) && !usable.containsKey(key))
                .map(key -> new Removed(key, mirror.get(key).item()))
                .toList();
    return new Reconciliation(
        rows.size(),
        added,
        rescheduled,
        pausedOrResumed,
        removed,
        unusable,
        farAhead,
        usable,
        scope == null);
  }

  private Plan plan(HistoryRow row, ItemSettings own, Instant now) {
    return new Plan(
        row.item(),
        ItemKeys.jobName(row.item()),
        row.intervalSeconds(),
        own.misfirePolicy() != null ? own.misfirePolicy() : misfirePolicy,
        own.paused(),
        FirstFire.of(row, now, spreadMax));
  }
}
