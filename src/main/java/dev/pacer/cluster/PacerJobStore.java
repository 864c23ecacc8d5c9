package dev.pacer.cluster;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.quartz.JobPersistenceException;
import org.quartz.SchedulerConfigException;
import org.quartz.TriggerKey;
import org.quartz.impl.jdbcjobstore.JobStoreTX;
import org.quartz.impl.jdbcjobstore.SchedulerStateRecord;
import org.quartz.impl.triggers.SimpleTriggerImpl;
import org.quartz.spi.ClassLoadHelper;
import org.quartz.spi.OperableTrigger;
import org.quartz.spi.SchedulerSignaler;
import org.quartz.spi.TriggerFiredResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.helpers.NOPLogger;

/**
 * Quartz's clustered JDBC job store, plus spread misfires (see {@link SpreadingTrigger}) and a
 * clean exit. Quartz leaves a stopped node's check-in row and any triggers it had acquired behind,
 * so its items wait until the others declare it dead. On shutdown (after the running jobs have
 * finished) this store hands its work back at once, the way the cluster would recover a dead node:
 * acquired triggers return to waiting, unfinished runs are scheduled for recovery, and its check-in
 * row goes.
 */
@SuppressWarnings(
    "unchecked") // JobStoreTX overrides a generic method of JobStoreSupport with a raw one
public class PacerJobStore extends JobStoreTX {
  private static final Logger log = LoggerFactory.getLogger(PacerJobStore.class);
  private static final Logger QUARTZ_LOG = LoggerFactory.getLogger(JobStoreTX.class);

  private long spreadMaxMillis = 60_000;
  private long fireAheadMillis;
  private long leaseTimeoutMillis = 8_000;
  private String nowMillis = "0";
  private volatile Map<String, Boolean> lapsed = Map.of();
  private final Map<String, Date> trueFireTimes = new ConcurrentHashMap<>();
  private volatile boolean abandoned;
  private boolean stopped; // guarded by this

  /** The stores of this JVM's schedulers, by data source (one each): see {@link #of}. */
  private static final Map<String, PacerJobStore> BY_DATA_SOURCE = new ConcurrentHashMap<>();

  /**
   * Quartz's own messages keep Quartz's logger, so its logging configuration applies to them. An
   * abandoned scheduler (the node fenced itself) has nothing left to say: its threads' failures to
   * reach the database are what abandoning it means.
   */
  @Override
  protected Logger getLog() {
    return abandoned ? NOPLogger.NOP_LOGGER : QUARTZ_LOG;
  }

  /** Notes when this store's scheduler was abandoned (its connection provider says so). */
  @Override
  protected Connection getConnection() throws JobPersistenceException {
    try {
      return super.getConnection();
    } catch (JobPersistenceException e) {
      if (abandoned(e)) {
        abandoned = true;
      }
      throw e;
    }
  }

  @Override
  public void initialize(ClassLoadHelper loadHelper, SchedulerSignaler signaler)
      throws SchedulerConfigException {
    super.initialize(loadHelper, signaler);
    BY_DATA_SOURCE.put(getDataSource(), this);
  }

  /** The store of the scheduler on {@code dataSource}, if it is running. */
  static Optional<PacerJobStore> of(String dataSource) {
    return Optional.ofNullable(BY_DATA_SOURCE.get(dataSource));
  }

  /**
   * Checks in now instead of at the next check-in, recovering the work of nodes whose lease lapsed
   * (the triggers they had acquired, the runs they had fired): up to a check-in interval sooner.
   * Quartz's own check-ins go on; the database's locks keep the two from recovering anything twice.
   *
   * @return whether it recovered work
   */
  synchronized boolean checkInNow() throws JobPersistenceException {
    if (abandoned || stopped) {
      return false;
    }
    boolean recovered = doCheckin();
    if (recovered) {
      signalSchedulingChangeImmediately(0L);
    }
    return recovered;
  }

  /** Set by Quartz from {@code org.quartz.jobStore.fireAheadMillis}. */
  public void setFireAheadMillis(long fireAheadMillis) {
    this.fireAheadMillis = fireAheadMillis;
  }

  /**
   * Firing a trigger costs Quartz several statements in the database before its job may start; with
   * many triggers due at one instant, the last starts late by all of them. Acquired triggers are
   * therefore presented as due {@code fireAheadMillis} early, so that work happens before their
   * time, and the job waits for the true time ({@link #triggersFired} restores it, and with it the
   * scheduled time the job sees) before it collects.
   */
  @Override
  public List<OperableTrigger> acquireNextTriggers(long noLaterThan, int maxCount, long timeWindow)
      throws JobPersistenceException {
    // Looks as far ahead as the triggers will fire ahead.
    List<OperableTrigger> triggers;
    try {
      triggers = super.acquireNextTriggers(noLaterThan + fireAheadMillis, maxCount, timeWindow);
    } catch (JobPersistenceException e) {
      if (abandoned || interrupted(e)) {
        // Fenced (or stopped) while waiting for the database: nothing was acquired. Quartz would
        // log this as an error.
        return List.of();
      }
      throw e;
    }
    if (fireAheadMillis > 0) {
      for (OperableTrigger trigger : triggers) {
        Date due = trigger.getNextFireTime();
        trueFireTimes.put(trigger.getFireInstanceId(), due);
        trigger.setNextFireTime(new Date(due.getTime() - fireAheadMillis));
      }
    }
    return triggers;
  }

  @Override
  public List<TriggerFiredResult> triggersFired(List<OperableTrigger> triggers)
      throws JobPersistenceException {
    triggers.forEach(this::restoreFireTime);
    try {
      return super.triggersFired(triggers);
    } catch (JobPersistenceException e) {
      if (abandoned || interrupted(e)) {
        // Fenced (or stopped) while waiting to retry: the triggers are recovered with the work.
        return List.of();
      }
      throw e;
    }
  }

  @Override
  public void releaseAcquiredTrigger(OperableTrigger trigger) {
    restoreFireTime(trigger);
    try {
      super.releaseAcquiredTrigger(trigger);
    } catch (IllegalStateException e) {
      if (!abandoned && !(e.getCause() instanceof InterruptedException)) {
        throw e;
      }
      // Stopping while the database is away: the trigger is recovered with the node's work.
      if (e.getCause() instanceof InterruptedException) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /**
   * A fire's end, which an abandoned scheduler cannot record (the others recover it). A fire of a
   * trigger that fires again, of a job that neither blocks its other triggers nor keeps data, ends
   * by deleting its fired-trigger row and nothing else: that is done without Quartz's cluster-wide
   * lock, one lock taken per fire fewer (each group fire took three). Nothing else writes that row
   * while this node lives: the others recover a node's fired triggers only once its lease lapsed,
   * and by then it has abandoned its scheduler.
   */
  @Override
  public void triggeredJobComplete(
      OperableTrigger trigger,
      org.quartz.JobDetail jobDetail,
      org.quartz.Trigger.CompletedExecutionInstruction instruction) {
    if (abandoned) {
      return;
    }
    try {
      if (instruction == org.quartz.Trigger.CompletedExecutionInstruction.NOOP
          && !jobDetail.isConcurrentExecutionDisallowed()
          && !jobDetail.isPersistJobDataAfterExecution()) {
        retryExecuteInNonManagedTXLock(
            null,
            connection -> {
              try {
                return getDelegate().deleteFiredTrigger(connection, trigger.getFireInstanceId());
              } catch (SQLException e) {
                throw new JobPersistenceException("Couldn't delete fired trigger", e);
              }
            });
        return;
      }
      super.triggeredJobComplete(trigger, jobDetail, instruction);
    } catch (IllegalStateException e) {
      if (!abandoned) {
        throw e;
      }
    }
  }

  private void restoreFireTime(OperableTrigger trigger) {
    Date due = trueFireTimes.remove(trigger.getFireInstanceId());
    if (due != null) {
      trigger.setNextFireTime(due);
    }
  }

  /** Set by Quartz from {@code org.quartz.jobStore.leaseTimeoutMillis}. */
  public void setLeaseTimeoutMillis(long leaseTimeoutMillis) {
    this.leaseTimeoutMillis = leaseTimeoutMillis;
  }

  /** Set by Quartz from {@code org.quartz.jobStore.nowMillis}: the database's clock in SQL. */
  public void setNowMillis(String nowMillis) {
    this.nowMillis = nowMillis;
  }

  /**
   * Quartz declares a node dead when its last check-in, by the node's own clock, is older than its
   * check-in interval plus 7.5 s by the judging node's clock: a node whose clock is off, or whose
   * check-ins wait on a busy database, is taken for dead and its running jobs are run a second
   * time. Pacer judges by the nodes' leases instead, in the database's clock (see dev.pacer.fence):
   * a node is dead once its lease lapsed, by which time it fenced itself. A node judges only once
   * it has itself been a member for a lease timeout, so after the database was away for everyone
   * each node first recovers its own work. Nodes without a lease (an older Pacer) are judged
   * Quartz's way.
   */
  @Override
  protected List<SchedulerStateRecord> findFailedInstances(Connection connection)
      throws JobPersistenceException {
    try (PreparedStatement select =
            connection.prepareStatement(
                "SELECT instance, lease_until < "
                    + nowMillis
                    + ", "
                    + nowMillis
                    + " - since FROM pacer_member WHERE epoch > 0");
        ResultSet rows = select.executeQuery()) {
      Map<String, Boolean> leases = new HashMap<>();
      boolean mayJudge = false;
      while (rows.next()) {
        leases.put(rows.getString(1), rows.getBoolean(2));
        if (rows.getString(1).equals(getInstanceId())) {
          mayJudge = !rows.getBoolean(2) && rows.getLong(3) >= leaseTimeoutMillis;
        }
      }
      if (!mayJudge) {
        leases.replaceAll((node, expired) -> false);
      }
      lapsed = leases;
    } catch (SQLException e) {
      throw new JobPersistenceException("cannot read the nodes' leases", e);
    }
    return super.findFailedInstances(connection);
  }

  @Override
  protected long calcFailedIfAfter(SchedulerStateRecord record) {
    Boolean expired = lapsed.get(record.getSchedulerInstanceId());
    if (expired == null) {
      return super.calcFailedIfAfter(record);
    }
    return expired ? Long.MIN_VALUE : Long.MAX_VALUE;
  }

  /** Set by Quartz from {@code org.quartz.jobStore.spreadMaxMillis}. */
  public void setSpreadMaxMillis(long spreadMaxMillis) {
    this.spreadMaxMillis = spreadMaxMillis;
  }

  /** Every path that applies a misfire (acquiring, the misfire handler) loads triggers here. */
  @Override
  protected OperableTrigger retrieveTrigger(Connection connection, TriggerKey key)
      throws JobPersistenceException {
    OperableTrigger trigger = super.retrieveTrigger(connection, key);
    return trigger instanceof SimpleTriggerImpl simple
        ? SpreadingTrigger.of(simple, spreadMaxMillis)
        : trigger;
  }

  private static boolean interrupted(Throwable error) {
    for (Throwable cause = error; cause != null; cause = cause.getCause()) {
      if (cause instanceof InterruptedException) {
        return true;
      }
    }
    return false;
  }

  private static boolean abandoned(Throwable error) {
    for (Throwable cause = error; cause != null; cause = cause.getCause()) {
      if (cause instanceof PooledConnectionProvider.AbandonedSchedulerException) {
        return true;
      }
    }
    return false;
  }

  @Override
  public void shutdown() {
    synchronized (this) {
      stopped = true; // waits for a check-in of checkInNow's
    }
    BY_DATA_SOURCE.remove(getDataSource(), this);
    super.shutdown(); // no more check-ins that could re-create the row
    try {
      executeInNonManagedTXLock(
          LOCK_TRIGGER_ACCESS,
          connection -> {
            try {
              clusterRecover(
                  connection,
                  getDelegate().selectSchedulerStateRecords(connection, getInstanceId()));
              getDelegate().deleteSchedulerState(connection, getInstanceId());
            } catch (SQLException e) {
              throw new JobPersistenceException("cannot leave the cluster", e);
            }
            return null;
          },
          null);
      log.info("Node {} left the cluster", getInstanceId());
    } catch (JobPersistenceException e) {
      if (abandoned(e)) {
        return; // fenced: the others, or this node's next scheduler, recover its work
      }
      log.warn(
          "Node {} could not leave the cluster cleanly ({}); the others recover its work once its"
              + " lease lapses",
          getInstanceId(),
          e.getMessage());
    }
  }
}
