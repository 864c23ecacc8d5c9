package dev.pacer.sync;

import static java.util.Objects.requireNonNull;

import dev.pacer.history.HistoryRow;
import dev.pacer.settings.SettingsCache;
import dev.pacer.sync.ChangeFeed.Changed;
import dev.pacer.sync.SyncService.SyncReport;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.quartz.SchedulerException;

/**
 * A tick of the node that holds the sync lease: asks the {@link ChangeFeed} for the rows to
 * compare, compares them with what is scheduled ({@link Reconciler}), applies the difference
 * ({@link Applier}) and keeps what is scheduled in memory ({@link Mirror}) for the next tick. It
 * loads that from the tables again, and compares every row, when it has just become the leader (or
 * a tick failed) and every {@link #FULL_SYNC} anyway.
 */
@Singleton
final class Leader {
  /** Even a leader that saw no change compares everything this often, in case of drift. */
  static final Duration FULL_SYNC = Duration.ofMinutes(5);

  private final ChangeFeed feed;
  private final Reconciler reconciler;
  private final Applier applier;
  private final Schedule schedule;
  private final SettingsCache settings;
  private final RowWarnings warnings = new RowWarnings();
  private final Mirror mirror = new Mirror();
  private Instant nextFullSync = Instant.MIN;
  private boolean settingsUnapplied;

  @Inject
  Leader(
      ChangeFeed feed,
      Reconciler reconciler,
      Applier applier,
      Schedule schedule,
      SettingsCache settings) {
    this.feed = requireNonNull(feed);
    this.reconciler = requireNonNull(reconciler);
    this.applier = requireNonNull(applier);
    this.schedule = requireNonNull(schedule);
    this.settings = requireNonNull(settings);
  }

  /**
   * @param settingsChanged whether this tick's refresh of the item settings found a change, which
   *     every row is compared for
   */
  SyncReport tick(Instant now, boolean settingsChanged) throws SQLException, SchedulerException {
    boolean reload = !now.isBefore(nextFullSync);
    if (reload) {
      mirror.reset(schedule.load());
      nextFullSync = now.plus(FULL_SYNC);
      feed.prepare();
    }
    boolean all = reload || settingsChanged || settingsUnapplied;
    settingsUnapplied = false;
    Changed changed = feed.changed(all, mirror);
    refreshSettingsForNewItems(changed.rows());
    Reconciliation changes =
        reconciler.reconcile(changed.rows(), changed.scope(), mirror, settings::get, now);
    warnings.unusable(changes);
    applier.apply(changes);
    warnings.scheduled(changes);
    mirror.applied(changes);
    feed.forget(changed);
    return changes.report();
  }

  /**
   * This node did not lead at a tick, or its tick failed: what it knows may be off, so its next
   * tick as the leader starts from the tables.
   */
  void stepDown() {
    nextFullSync = Instant.MIN;
    feed.suspend();
  }

  /**
   * A new item's settings row may have been committed after this tick read the settings but before
   * it read the item's history row: they are read again, so its first run has them. Any change
   * found then reaches the other items at the next tick, which compares them all.
   */
  private void refreshSettingsForNewItems(List<HistoryRow> rows) throws SQLException {
    if (rows.stream()
            .anyMatch(row -> row.usable() && !mirror.contains(ItemKeys.jobName(row.item())))
        && settings.refresh()) {
      settingsUnapplied = true;
    }
  }
}
