package dev.pacer.sync;

import static java.util.Objects.requireNonNull;

import dev.pacer.fence.Claims;
import dev.pacer.history.ItemNames;
import dev.pacer.sync.ItemJobs.Plan;
import dev.pacer.sync.Reconciliation.Removed;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.quartz.SchedulerException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes a reconciliation the schedule's, in Quartz transactions of at most {@value #BATCH} items,
 * renewing the sync lease after each so no other node starts a tick meanwhile; a new item's claim
 * row is prepared before its job exists, and a removed item's forgotten once its job is gone. Says
 * what it changed, under the sync's logger.
 */
@Singleton
final class Applier {
  private static final Logger log = LoggerFactory.getLogger(SyncService.class);
  private static final int BATCH = 500;

  private final Schedule schedule;
  private final Claims claims;
  private final SyncLease lease;

  @Inject
  Applier(Schedule schedule, Claims claims, SyncLease lease) {
    this.schedule = requireNonNull(schedule);
    this.claims = requireNonNull(claims);
    this.lease = requireNonNull(lease);
  }

  void apply(Reconciliation changes) throws SQLException, SchedulerException {
    if (changes.changesNothing()) {
      schedule.tidy(); // a tick with nothing to change: the time to clean up after earlier ones
      return;
    }
    for (List<Plan> batch : batches(changes.added())) {
      claims.prepare(batch.stream().map(Plan::item).toList());
      schedule.add(batch);
      lease.acquire();
    }
    for (List<Plan> batch : batches(changes.rescheduled())) {
      schedule.change(batch);
      lease.acquire();
    }
    for (List<Plan> batch : batches(changes.pausedOrResumed())) {
      schedule.pause(batch);
      lease.acquire();
    }
    for (List<Removed> batch : batches(changes.removed())) {
      schedule.remove(batch.stream().map(Removed::key).toList());
      claims.forget(batch.stream().map(Removed::item).filter(Objects::nonNull).toList());
      lease.acquire();
    }
    schedule.applied();
    logChanges(changes);
  }

  private static void logChanges(Reconciliation changes) {
    List<Plan> added = changes.added();
    List<Plan> rescheduled = changes.rescheduled();
    List<Removed> removed = changes.removed();
    added.forEach(plan -> logPlan("Scheduled", plan, added.size()));
    rescheduled.forEach(plan -> logPlan("Rescheduled", plan, rescheduled.size()));
    for (Plan plan : changes.pausedOrResumed()) {
      log.info("{} {}", plan.paused() ? "Paused" : "Resumed", ItemNames.printable(plan.item()));
    }
    for (Removed item : removed) {
      String format = "Removed {}: its row is gone or cannot be scheduled";
      if (removed.size() <= 10) {
        log.info(format, ItemNames.printable(item.name()));
      } else {
        log.debug(format, ItemNames.printable(item.name()));
      }
    }
    if (removed.size() > 10) {
      log.info("Removed {} items whose rows are gone or cannot be scheduled", removed.size());
    }
    if (added.size() > 10) {
      log.info("Scheduled {} new items", added.size());
    }
  }

  private static void logPlan(String what, Plan plan, int batchSize) {
    String format = "{} {} every {} s, next run at {}";
    Object[] args = {
      what, ItemNames.printable(plan.item()), plan.intervalSeconds(), plan.firstFire()
    };
    if (batchSize <= 10) {
      log.info(format, args);
    } else {
      log.debug(format, args);
    }
  }

  private static <T> List<List<T>> batches(List<T> all) {
    List<List<T>> batches = new ArrayList<>();
    for (int from = 0; from < all.size(); from += BATCH) {
      batches.add(all.subList(from, Math.min(all.size(), from + BATCH)));
    }
    return batches;
  }
}
