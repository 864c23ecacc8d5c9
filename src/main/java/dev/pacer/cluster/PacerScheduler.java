package dev.pacer.cluster;

import static java.util.Objects.requireNonNull;

import dev.pacer.db.Database;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.quartz.JobExecutionContext;
import org.quartz.JobPersistenceException;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.quartz.TriggerListener;
import org.quartz.impl.SchedulerRepository;
import org.quartz.impl.StdSchedulerFactory;
import org.quartz.utils.DBConnectionManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Owns this node's Quartz scheduler: a clustered JDBC JobStore on Pacer's own pool. Every node uses
 * the scheduler name {@value #NAME}, so all nodes on one database form one cluster.
 */
@Singleton
public final class PacerScheduler {
  public static final String NAME = "pacer";
  private static final Logger log = LoggerFactory.getLogger(PacerScheduler.class);
  private static final AtomicInteger DATA_SOURCES = new AtomicInteger();
  private static final Duration SHUTDOWN_BOUND = Duration.ofSeconds(15);

  private final ClusterConfig config;
  private final Database database;
  private final GuiceJobFactory jobFactory;
  private final String nodeId;
  private volatile Scheduler scheduler;
  private PooledConnectionProvider provider;
  private volatile String dataSource;

  private final Set<TriggerListener> listeners;

  @Inject
  public PacerScheduler(
      ClusterConfig config,
      Database database,
      GuiceJobFactory jobFactory,
      Set<TriggerListener> listeners) {
    this.config = requireNonNull(config);
    this.database = requireNonNull(database);
    this.jobFactory = requireNonNull(jobFactory);
    this.listeners = Set.copyOf(listeners);
    this.nodeId = config.resolvedNodeId();
  }

  public String nodeId() {
    return nodeId;
  }

  public Duration checkinInterval() {
    return config.getCheckinInterval();
  }

  /** The running Quartz scheduler; only valid between {@link #start()} and {@link #stop}. */
  public Scheduler quartz() {
    Scheduler current = scheduler;
    if (current == null) {
      throw new IllegalStateException("the scheduler has not started");
    }
    return current;
  }

  public boolean isRunning() {
    Scheduler current = scheduler;
    try {
      return current != null
          && current.isStarted()
          && !current.isShutdown()
          && !current.isInStandbyMode();
    } catch (SchedulerException e) {
      return false;
    }
  }

  public synchronized void start() throws SchedulerException {
    String dataSource = "pacer-" + DATA_SOURCES.incrementAndGet();
    provider = new PooledConnectionProvider(database.dataSource());
    DBConnectionManager.getInstance().addConnectionProvider(dataSource, provider);
    Scheduler created = new StdSchedulerFactory(quartzProperties(dataSource)).getScheduler();
    // Quartz keeps schedulers in a JVM-wide registry by name; forgetting ours there lets tests
    // run several nodes of one cluster in one JVM.
    SchedulerRepository.getInstance().remove(NAME);
    created.setJobFactory(jobFactory);
    for (TriggerListener listener : listeners) {
      created.getListenerManager().addTriggerListener(listener);
    }
    created.start();
    scheduler = created;
    this.dataSource = dataSource;
    log.info(
        "Node {} joined cluster '{}' ({} worker threads, check-in every {} ms)",
        nodeId,
        NAME,
        config.getThreads(),
        config.getCheckinInterval().toMillis());
  }

  private Properties quartzProperties(String dataSource) {
    Properties p = new Properties();
    p.setProperty("org.quartz.scheduler.instanceName", NAME);
    p.setProperty("org.quartz.scheduler.instanceId", nodeId);
    p.setProperty("org.quartz.scheduler.skipUpdateCheck", "true");
    p.setProperty("org.quartz.scheduler.makeSchedulerThreadDaemon", "true");
    // How soon an idle node notices triggers that another node created or handed back.
    p.setProperty("org.quartz.scheduler.idleWaitTime", "1000");
    // How soon Quartz tries again after the database failed it: acquiring triggers, recording a
    // run's end (a run's worker waits for that), handing work back at shutdown. The factory sets
    // the job store's own dbRetryInterval from this (default 15 s), whatever the job store's
    // properties say.
    p.setProperty("org.quartz.scheduler.dbFailureRetryInterval", "2000");
    // A group's trigger is a whole batch of runs already: one at a time spreads groups over nodes.
    p.setProperty("org.quartz.scheduler.batchTriggerAcquisitionMaxCount", "1");
    p.setProperty("org.quartz.threadPool.class", "org.quartz.simpl.SimpleThreadPool");
    p.setProperty("org.quartz.threadPool.threadCount", Integer.toString(config.getThreads()));
    p.setProperty("org.quartz.threadPool.makeThreadsDaemons", "true");
    p.setProperty("org.quartz.jobStore.class", PacerJobStore.class.getName());
    p.setProperty(
        "org.quartz.jobStore.driverDelegateClass", "org.quartz.impl.jdbcjobstore.StdJDBCDelegate");
    p.setProperty("org.quartz.jobStore.dataSource", dataSource);
    p.setProperty("org.quartz.jobStore.tablePrefix", "QRTZ_");
    p.setProperty("org.quartz.jobStore.isClustered", "true");
    p.setProperty(
        "org.quartz.jobStore.clusterCheckinInterval", millis(config.getCheckinInterval()));
    // Without it, two nodes can acquire the same trigger (quartz#29, #107, #548).
    p.setProperty("org.quartz.jobStore.acquireTriggersWithinLock", "true");
    p.setProperty("org.quartz.jobStore.selectWithLockSQL", database.dialect().quartzLockSql());
    p.setProperty("org.quartz.jobStore.misfireThreshold", millis(config.getMisfireThreshold()));
    p.setProperty("org.quartz.jobStore.makeThreadsDaemons", "true");
    p.setProperty("org.quartz.jobStore.spreadMaxMillis", millis(config.getSpreadMax()));
    p.setProperty("org.quartz.jobStore.fireAheadMillis", millis(config.getFireAhead()));
    p.setProperty("org.quartz.jobStore.leaseTimeoutMillis", millis(config.getLeaseTimeout()));
    p.setProperty("org.quartz.jobStore.nowMillis", database.dialect().nowMillis());
    return p;
  }

  private static String millis(Duration duration) {
    return Long.toString(duration.toMillis());
  }

  /**
   * Quartz's shutdown waits for its scheduler thread, which retries without end to hand back its
   * triggers while the database is gone. Waiting longer than this would keep the process from
   * exiting; the other nodes then recover this node's work once it misses its check-ins.
   */
  private void shutdownWithin(Scheduler current, Duration bound) throws InterruptedException {
    Thread stopper =
        new Thread(
            () -> {
              try {
                // Waits for the scheduler thread and for interrupted runs to record their failure.
                current.shutdown(true);
              } catch (SchedulerException e) {
                log.warn("Scheduler did not shut down cleanly: {}", e.getMessage());
              }
            },
            "pacer-scheduler-stop");
    stopper.setDaemon(true);
    stopper.start();
    stopper.join(bound.toMillis());
    if (stopper.isAlive()) {
      log.warn(
          "Node {} could not hand back its work within {} s (is the database reachable?); the"
              + " other nodes take it over once this node misses its check-ins",
          nodeId,
          bound.toSeconds());
    }
  }

  /**
   * Recovers now what nodes whose lease lapsed left in Quartz (the triggers they had acquired, the
   * runs they had fired), instead of at this node's next check-in: their items wait up to a
   * check-in interval less.
   */
  public void recoverLapsedNodes() {
    String current = dataSource;
    if (current == null || scheduler == null) {
      return;
    }
    PacerJobStore.of(current)
        .ifPresent(
            store -> {
              try {
                store.checkInNow();
              } catch (JobPersistenceException e) {
                log.debug("Lapsed nodes not recovered now: {}", e.getMessage());
              }
            });
  }

  /** Fires nothing more (its fires in flight end by themselves), until {@link #stop}. */
  public void standby() {
    Scheduler current = scheduler;
    if (current != null) {
      try {
        current.standby();
      } catch (SchedulerException e) {
        log.warn("Scheduler did not pause: {}", e.getMessage());
      }
    }
  }

  /**
   * Drops the scheduler without a word to the database (the node fenced itself): from now on its
   * threads get no connection, so nothing it still tries reaches the database when it answers
   * again, and it shuts down in the background. Its fired triggers are recovered by the others once
   * this node's lease lapses, or by this node's next scheduler, which recovers its own at its first
   * check-in.
   */
  public synchronized void abandon() {
    Scheduler current = scheduler;
    if (current == null) {
      return;
    }
    scheduler = null;
    provider.abandon();
    Thread stopper =
        new Thread(
            () -> {
              try {
                current.shutdown(false);
              } catch (SchedulerException e) {
                log.debug("Abandoned scheduler: {}", e.getMessage());
              }
            },
            "pacer-scheduler-abandon");
    stopper.setDaemon(true);
    stopper.start();
    log.info("Node {} dropped its scheduler", nodeId);
  }

  /**
   * Stops acquiring runs, lets running ones finish within {@code grace}, interrupts the rest, and
   * leaves the cluster. Runs still in flight then are recovered by another node.
   */
  public synchronized void stop(Duration grace) {
    Scheduler current = scheduler;
    if (current == null) {
      return;
    }
    try {
      current.standby();
      long deadline = System.nanoTime() + grace.toNanos();
      while (!current.getCurrentlyExecutingJobs().isEmpty() && System.nanoTime() < deadline) {
        Thread.sleep(50);
      }
      for (JobExecutionContext running : current.getCurrentlyExecutingJobs()) {
        log.warn("Interrupting run of {} at shutdown", running.getJobDetail().getKey().getName());
        current.interrupt(running.getFireInstanceId());
      }
      shutdownWithin(current, SHUTDOWN_BOUND);
    } catch (SchedulerException e) {
      log.warn("Scheduler did not shut down cleanly: {}", e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      scheduler = null;
    }
  }
}
