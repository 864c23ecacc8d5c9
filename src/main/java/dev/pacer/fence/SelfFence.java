package dev.pacer.fence;

import static java.util.Objects.requireNonNull;

import dev.pacer.cluster.ClusterConfig;
import dev.pacer.cluster.PacerScheduler;
import dev.pacer.db.Database;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.sql.SQLException;
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
 * Keeps this node's lease and fences the node when it cannot: renews the lease every eighth of
 * {@code cluster.lease-timeout}, and when no renewal has succeeded for five eighths of it (the
 * database cannot be reached, or only too slowly) or this node's clock is off the database's by
 * more than {@code cluster.max-clock-skew}, the node fences itself: it abandons the runs in flight
 * (their collectors are interrupted, their results not recorded), drops its Quartz scheduler
 * without touching the database, and stops running anything. The others take its claims over only
 * once its lease has lapsed, by then it runs nothing. When the database answers again (and the
 * clock agrees), the node records what ended before it fenced, joins as a new incarnation and
 * starts a fresh scheduler, which recovers what the old one left.
 */
@Singleton
public final class SelfFence implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(SelfFence.class);
  private static final Duration WATCH = Duration.ofMillis(100);
  private static final Duration RELEASE_WAIT = Duration.ofSeconds(2);

  private final NodeLease lease;
  private final ClockSkew skew;
  private final PacerScheduler scheduler;
  private final Database database;
  private final Set<FenceListener> listeners;
  private final Duration fenceAfter;
  private final Duration maxSkew;
  private ScheduledExecutorService threads;
  private volatile String fencedBecause;
  private volatile Instant fencedSince;
  private volatile String lastError;
  private boolean skewReported;

  @Inject
  public SelfFence(
      NodeLease lease,
      ClockSkew skew,
      PacerScheduler scheduler,
      Database database,
      Set<FenceListener> listeners,
      ClusterConfig config) {
    this.lease = requireNonNull(lease);
    this.database = requireNonNull(database);
    this.skew = requireNonNull(skew);
    this.scheduler = requireNonNull(scheduler);
    this.listeners = Set.copyOf(listeners);
    this.fenceAfter = config.selfFenceAfter();
    this.maxSkew = config.getMaxClockSkew();
  }

  /** Starts renewing the lease (the node has joined) and watching the renewals. */
  public synchronized void start() {
    threads =
        Executors.newScheduledThreadPool(
            2,
            task -> {
              Thread thread = new Thread(task, "pacer-lease");
              thread.setDaemon(true);
              return thread;
            });
    long every = lease.renewal().toMillis();
    threads.scheduleWithFixedDelay(this::renewQuietly, every, every, TimeUnit.MILLISECONDS);
    threads.scheduleWithFixedDelay(
        this::watch, WATCH.toMillis(), WATCH.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** Why this node is fenced, or null while it is a member in good standing. */
  public String fencedBecause() {
    return fencedBecause;
  }

  /** Since when this node is fenced, or null. */
  public Instant fencedSince() {
    return fencedSince;
  }

  private void renewQuietly() {
    try {
      if (fencedBecause != null) {
        tryRejoin();
      } else {
        renew();
      }
    } catch (SQLException e) {
      lastError = Database.reason(e);
    } catch (RuntimeException | SchedulerException e) {
      log.warn("Lease renewal failed: {}", e.toString());
    }
  }

  private void renew() throws SQLException {
    if (!lease.renew()) {
      fence("another process took node id " + lease.node() + " over", false);
      return;
    }
    lastError = null;
    if (skew.exceeds(maxSkew)) {
      fence(skewReason(), true);
      return;
    }
    listeners.forEach(FenceListener::reachable);
  }

  private void watch() {
    if (fencedBecause == null && lease.active() && skew.exceeds(maxSkew)) {
      fence(skewReason(), true);
      return;
    }
    Duration silent = lease.sinceRenewal();
    if (fencedBecause == null && lease.active() && silent.compareTo(fenceAfter) > 0) {
      fence(
          "no lease renewal for "
              + silent.toMillis()
              + " ms (the database "
              + (lastError == null ? "answers too slowly" : "cannot be reached: " + lastError)
              + ")",
          false);
    }
  }

  private synchronized void fence(String reason, boolean release) {
    if (fencedBecause != null) {
      return;
    }
    fencedBecause = reason;
    fencedSince = Instant.now();
    lease.deactivate();
    log.warn(
        "Node {} fenced itself: {}. It abandons its runs in flight and runs nothing until it can"
            + " rejoin; the others take its items over once its lease lapses",
        lease.node(),
        reason);
    for (FenceListener listener : listeners) {
      try {
        listener.fenced(reason);
      } catch (RuntimeException e) {
        log.warn("{} failed to stop: {}", listener.getClass().getSimpleName(), e.toString());
      }
    }
    scheduler.abandon();
    if (release && abandonedStopped()) {
      try {
        lease.release(); // the others need not wait for it to lapse
      } catch (SQLException e) {
        log.debug("Could not end the lease at once: {}", Database.reason(e));
      }
    }
  }

  /**
   * Waits, a little, for the collections the fence abandoned to stop: the others take the node's
   * claims over as soon as it ends its lease, and a collection still being killed would overlap
   * their run of its item. If they have not stopped by then, the lease lapses by itself.
   */
  private boolean abandonedStopped() {
    long deadline = System.nanoTime() + RELEASE_WAIT.toNanos();
    while (!listeners.stream().allMatch(FenceListener::stopped)) {
      if (System.nanoTime() > deadline) {
        return false;
      }
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      }
    }
    return true;
  }

  private synchronized void tryRejoin() throws SQLException, SchedulerException {
    database.renew();
    lease.probe();
    if (skew.exceeds(maxSkew)) {
      if (!skewReported) {
        log.warn("{}; fix the clock (NTP) and the node rejoins by itself", skewReason());
        skewReported = true;
      }
      return;
    }
    skewReported = false;
    listeners.forEach(FenceListener::reachable);
    if (!listeners.stream().allMatch(FenceListener::settled) || !lease.tryJoin()) {
      return;
    }
    scheduler.start();
    log.info(
        "Node {} rejoined the cluster after {} s fenced ({})",
        lease.node(),
        Duration.between(fencedSince, Instant.now()).toSeconds(),
        fencedBecause);
    fencedBecause = null;
    fencedSince = null;
  }

  private String skewReason() {
    return "its clock is "
        + Math.abs(skew.skew().toMillis())
        + " ms "
        + (skew.skew().isNegative() ? "behind" : "ahead of")
        + " the database's (more than cluster.max-clock-skew, "
        + maxSkew.toMillis()
        + " ms)";
  }

  @Override
  public synchronized void close() {
    if (threads != null) {
      threads.shutdownNow();
      threads = null;
    }
  }
}
