package dev.pacer.cluster;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.quartz.JobPersistenceException;
import org.quartz.TriggerKey;
import org.quartz.impl.jdbcjobstore.JobStoreTX;
import org.quartz.impl.triggers.SimpleTriggerImpl;
import org.quartz.spi.OperableTrigger;
import org.quartz.spi.TriggerFiredResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

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
  private final Map<String, Date> trueFireTimes = new ConcurrentHashMap<>();

  /** Quartz's own messages keep Quartz's logger, so its logging configuration applies to them. */
  @Override
  protected Logger getLog() {
    return QUARTZ_LOG;
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
    List<OperableTrigger> triggers =
        super.acquireNextTriggers(noLaterThan + fireAheadMillis, maxCount, timeWindow);
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
    return super.triggersFired(triggers);
  }

  @Override
  public void releaseAcquiredTrigger(OperableTrigger trigger) {
    restoreFireTime(trigger);
    super.releaseAcquiredTrigger(trigger);
  }

  private void restoreFireTime(OperableTrigger trigger) {
    Date due = trueFireTimes.remove(trigger.getFireInstanceId());
    if (due != null) {
      trigger.setNextFireTime(due);
    }
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

  @Override
  public void shutdown() {
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
      log.warn(
          "Node {} could not leave the cluster cleanly ({}); the others recover its work once it"
              + " misses its check-ins",
          getInstanceId(),
          e.getMessage());
    }
  }
}
