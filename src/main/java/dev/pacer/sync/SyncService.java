package dev.pacer.sync;

import static java.util.Objects.requireNonNull;

import dev.pacer.cluster.PacerScheduler;
import dev.pacer.db.Database;
import dev.pacer.fence.NodeLease;
import dev.pacer.settings.SettingsCache;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.quartz.SchedulerException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The sync's loop: every {@code sync.interval} it refreshes this node's copy of the item settings
 * and takes or renews the sync lease, unless the node is fenced or its scheduler is not running;
 * the node that holds the lease mirrors the history table into the schedule ({@link Leader}). Every
 * tick is told to the {@link SyncListener}s.
 */
@Singleton
public final class SyncService implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(SyncService.class);

  private final Duration interval;
  private final Leader leader;
  private final SettingsCache settings;
  private final SyncLease syncLease;
  private final NodeLease lease;
  private final PacerScheduler scheduler;
  private final Set<SyncListener> listeners;
  private final Clock clock;
  private volatile boolean leading;
  private boolean lastTickFailed;
  private ScheduledExecutorService timer;

  @Inject
  SyncService(
      SyncConfig config,
      Leader leader,
      SettingsCache settings,
      SyncLease syncLease,
      NodeLease lease,
      PacerScheduler scheduler,
      Set<SyncListener> listeners,
      Clock clock) {
    this.interval = config.getInterval();
    this.leader = requireNonNull(leader);
    this.settings = requireNonNull(settings);
    this.syncLease = requireNonNull(syncLease);
    this.lease = requireNonNull(lease);
    this.scheduler = requireNonNull(scheduler);
    this.listeners = Set.copyOf(listeners);
    this.clock = requireNonNull(clock);
  }

  public synchronized void start() {
    timer =
        Executors.newSingleThreadScheduledExecutor(
            task -> {
              Thread thread = new Thread(task, "pacer-sync");
              thread.setDaemon(true);
              return thread;
            });
    timer.scheduleWithFixedDelay(this::tickQuietly, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
  }

  private void tickQuietly() {
    try {
      tick();
      if (lastTickFailed) {
        log.info("Sync works again");
      }
      lastTickFailed = false;
    } catch (SQLException | SchedulerException | RuntimeException e) {
      // A lost database is reported once, by the database watch.
      if (!lastTickFailed && !Database.lostConnection(e)) {
        log.warn("Sync failed, retrying every {} ms: {}", interval.toMillis(), Database.reason(e));
        lastTickFailed = true;
      }
    }
  }

  /**
   * Refreshes this node's copy of the item settings and, if this node holds the lease, compares the
   * history table with the scheduled jobs.
   */
  public synchronized SyncReport tick() throws SQLException, SchedulerException {
    long started = System.nanoTime();
    SyncReport report = leaderTick();
    Duration took = Duration.ofNanos(System.nanoTime() - started);
    for (SyncListener listener : listeners) {
      try {
        listener.onTick(report, took);
      } catch (RuntimeException e) {
        log.warn("Sync listener {} failed: {}", listener.getClass().getSimpleName(), e.toString());
      }
    }
    return report;
  }

  private SyncReport leaderTick() throws SQLException, SchedulerException {
    boolean settingsChanged = settings.refresh();
    Instant now = clock.instant();
    // A fenced node, or one rejoining the cluster, leaves the sync to the others.
    if (!lease.active() || !scheduler.isRunning() || !syncLease.acquire()) {
      follow();
      return SyncReport.NOT_LEADER;
    }
    try {
      SyncReport report = leader.tick(now, settingsChanged);
      leading = true;
      return report;
    } catch (SQLException | SchedulerException | RuntimeException e) {
      follow(); // what it knows may be off: the next tick starts from the tables
      throw e;
    }
  }

  private void follow() {
    leading = false;
    leader.stepDown();
  }

  /** Whether this node held the sync lease at its last tick, so does the cluster's chores. */
  public boolean leading() {
    return leading;
  }

  @Override
  public synchronized void close() {
    if (timer != null) {
      timer.shutdownNow();
      timer = null;
    }
    follow(); // what the leader held open (the binary log's stream) closes
  }

  /** What one tick did. */
  public record SyncReport(
      boolean leader, int rows, int added, int rescheduled, int removed, int invalid) {
    public static final SyncReport NOT_LEADER = new SyncReport(false, 0, 0, 0, 0, 0);
    public static final SyncReport QUIET = new SyncReport(true, 0, 0, 0, 0, 0);

    /** Whether the tick found changed rows (or rows gone) and read them. */
    public boolean changed() {
      return rows > 0 || removed > 0;
    }
  }
}
