package dev.pacer.run;

import static java.util.Objects.requireNonNull;

import dev.pacer.cluster.PacerScheduler;
import dev.pacer.history.ItemNames;
import dev.pacer.run.ItemRunner.Ran;
import dev.pacer.run.ItemRunner.Retry;
import dev.pacer.settings.MisfirePolicy;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.quartz.JobDataMap;
import org.quartz.JobKey;
import org.quartz.ObjectAlreadyExistsException;
import org.quartz.SchedulerException;
import org.quartz.SimpleScheduleBuilder;
import org.quartz.Trigger;
import org.quartz.TriggerBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts the runs of a fire and sees each through: claims their items, starts every collection on
 * the slot, and as each ends records it (with others that end about then), tells the listeners, and
 * either schedules its retry (a one-shot trigger of the same job: it survives this node, and it
 * claims the item like any run) or, if the run outlasted slots of its item, follows the item's
 * misfire policy. Nothing waits for a run: a slow one holds up neither its fire nor the others.
 */
@Singleton
public final class Runs {
  public static final String RETRY_GROUP = "pacer-retry";

  /** A one-shot fire's items that joined its group late ({@link #queueLate}). */
  public static final String LATE = "late";

  private static final Logger log = LoggerFactory.getLogger(Runs.class);

  private static final int MAX_RECORD_WAIT_SECONDS = 10;
  private static final Duration MAX_RECORD_WAIT = Duration.ofSeconds(MAX_RECORD_WAIT_SECONDS);
  private static final Duration SHED_LOG_EVERY = Duration.ofMinutes(1);

  /** How long a catch-up attempt whose item was held waits to try again. */
  private static final Duration REQUEUE = Duration.ofSeconds(1);

  private final ItemRunner runner;
  private final RunRecording recording;
  private final PacerScheduler scheduler;
  private final Clock clock;

  /** By group: this node's records under way of its fires' runs ({@link #fire} waits for them). */
  private final ConcurrentMap<String, Records> records = new ConcurrentHashMap<>();

  private final AtomicLong shed = new AtomicLong();
  private volatile long shedLoggedAt = System.nanoTime() - SHED_LOG_EVERY.toNanos();

  @Inject
  public Runs(ItemRunner runner, RunRecording recording, PacerScheduler scheduler, Clock clock) {
    this.runner = requireNonNull(runner);
    this.recording = requireNonNull(recording);
    this.scheduler = requireNonNull(scheduler);
    this.clock = requireNonNull(clock);
  }

  /**
   * Claims the items of one fire's attempts, waits for the fire's time (the job store fires a
   * little early), and starts them. Returns once they have started.
   *
   * @param job the Quartz job that fired: retries are its one-shot triggers
   * @param fireTime when the fire was due
   */
  public void start(JobKey job, Instant fireTime, List<Attempt> attempts) {
    if (attempts.isEmpty()) {
      return;
    }
    startClaimed(job, fireTime, attempts, runner.claim(attempts));
  }

  /** The attempts a group's fire makes, read from its members' rows as its claim reads them. */
  public interface Due {
    /** The columns of {@code pacer_group} (alias {@code g}) a member's attempt is made from. */
    String columns();

    /** The member's attempt, or null if the fire is not to run it, from a row led by columns. */
    Attempt attempt(ResultSet row) throws SQLException;
  }

  /**
   * A group's fire at its slot: claims it with one row for all its members ({@link
   * dev.pacer.fence.FireClaims}), then starts the attempts as {@link #start} does.
   *
   * <p>First it waits for the records under way of this node's earlier fires of the group, at most
   * until one interval (and no more than {@value #MAX_RECORD_WAIT_SECONDS} s) past the slot: a
   * member whose run ended but is not yet recorded still holds its item, and the fire would pass it
   * by. So a database slow for a while makes runs late rather than passed by. If those records are
   * still under way then, the database is behind this node, and the fire sheds its slot: every
   * member passes it by, at no cost, rather than be carried into a claim of its own (several
   * statements each, for a database already behind: under a sustained overload that cut the runs
   * made to a fifth). A group of {@code catch-up} items never sheds: every slot of theirs runs.
   */
  public void fire(JobKey job, Instant slot, Duration interval, Due due) {
    Records earlier = records.get(job.getName());
    if (earlier != null) {
      Duration bound = interval.compareTo(MAX_RECORD_WAIT) < 0 ? interval : MAX_RECORD_WAIT;
      long behind = earlier.await(slot.plus(bound).toEpochMilli() - clock.millis());
      if (behind > 0 && !earlier.catchUp) {
        shed(job.getName(), slot, behind);
        return;
      }
    }
    RunClaims.Fire fire = runner.claimFire(job.getName(), slot, due);
    startClaimed(job, slot, fire.attempts(), fire.claiming());
  }

  private void shed(String group, Instant slot, long behind) {
    long count = shed.incrementAndGet();
    long now = System.nanoTime();
    if (now - shedLoggedAt >= SHED_LOG_EVERY.toNanos()) {
      shedLoggedAt = now;
      log.warn(
          "Group {} passed its {} slot by: {} records of its earlier fires still wait for the"
              + " database after the wait (it is behind this node). {} fires shed so far; see"
              + " pacer_fires_shed_total",
          group,
          slot,
          behind,
          count);
    }
  }

  /** Fires this node shed because the database was behind ({@link #fire}). */
  public long shed() {
    return shed.get();
  }

  /**
   * Records of a group's fires under way on this node. A fire waits for those under way when it
   * came, not for those that start meanwhile (members of a busy group end all the time).
   */
  private static final class Records {
    private long started;
    private long ended;
    private volatile boolean catchUp; // the group's items are catch-up ones

    synchronized void started() {
      started++;
    }

    synchronized void ended() {
      ended++;
      notifyAll();
    }

    /**
     * Until as many have ended as had started by now (they end about in order), or the time.
     *
     * @return how many of those are still under way
     */
    synchronized long await(long millis) {
      long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
      long target = started;
      for (long left = millis; ended < target && left > 0; ) {
        try {
          wait(left);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt(); // stopping: fire at once
          return 0;
        }
        left = TimeUnit.NANOSECONDS.toMillis(until - System.nanoTime());
      }
      return Math.max(0, target - ended);
    }
  }

  private void startClaimed(
      JobKey job, Instant fireTime, List<Attempt> attempts, RunClaims.Claiming claiming) {
    requeueCatchUps(job, attempts, claiming);
    awaitSlot(fireTime);
    for (Claimed attempt : claiming.claimed()) {
      run(job, attempt);
    }
  }

  private void run(JobKey job, Claimed claimed) {
    runner
        .attempt(claimed, null)
        .thenCompose(ran -> record(job, ran).thenAccept(recorded -> ended(job, ran, recorded)))
        .exceptionally(
            error -> {
              log.error(
                  "Run of {} failed unexpectedly: {}",
                  ItemNames.printable(claimed.attempt().item()),
                  error.toString());
              return null;
            });
  }

  /** Queues a run's record; one of a group's fire is counted until it is done ({@link #fire}). */
  private CompletableFuture<RunRecord> record(JobKey job, Ran ran) {
    if (ran.claim().fire() == null) {
      return recording.record(ran);
    }
    Records underWay = records.computeIfAbsent(job.getName(), group -> new Records());
    underWay.catchUp = ran.attempt().misfire() == MisfirePolicy.CATCH_UP;
    underWay.started();
    CompletableFuture<RunRecord> recorded = recording.record(ran);
    recorded.whenComplete((run, error) -> underWay.ended());
    return recorded;
  }

  /** A run recorded (or not: its node gave it up, or another took its item over). */
  private void ended(JobKey job, Ran ran, RunRecord recorded) {
    if (recorded == null) {
      return;
    }
    Attempt attempt = ran.attempt();
    runner.announce(recorded, attempt.intervalSeconds());
    if (ran.retry() != null) {
      scheduleRetry(job, ran.retry());
    } else {
      catchUp(job, attempt, recorded);
    }
  }

  /**
   * A run that outlasted later slots of its item: the item's fires in that time passed it by (its
   * claim was held). Under {@code run-once} the latest of those slots is queued to run now (as a
   * one-shot fire, which runs only if the item is still a member); under {@code catch-up} each
   * passed-by fire was queued again when it was refused ({@link #start}); under {@code skip} the
   * item waits for its next slot.
   */
  private void catchUp(JobKey job, Attempt attempt, RunRecord run) {
    if (attempt.intervalSeconds() <= 0 || attempt.misfire() != MisfirePolicy.RUN_ONCE) {
      return;
    }
    Duration interval = Duration.ofSeconds(attempt.intervalSeconds());
    long first = slotsBefore(attempt.slot(), run.startedAt(), interval) + 1;
    long last = slotsBefore(attempt.slot(), run.finishedAt(), interval);
    if (last >= first && last >= 1) {
      fireOnce(job, attempt.at(attempt.slot().plus(interval.multipliedBy(last))), clock.instant());
    }
  }

  /**
   * Under {@code catch-up} every slot runs: an attempt whose item was held (its previous run still
   * going, or being recorded) is queued again a second later, until it runs.
   */
  private void requeueCatchUps(JobKey job, List<Attempt> attempts, RunClaims.Claiming claiming) {
    Set<String> started = new HashSet<>(claiming.passed()); // passed: the slot had its run
    claiming.claimed().forEach(c -> started.add(c.attempt().item()));
    Stream<Attempt> held =
        attempts.stream()
            .filter(a -> a.misfire() == MisfirePolicy.CATCH_UP && !started.contains(a.item()));
    if (runner.mayRun()) {
      Instant retry = clock.instant().plus(REQUEUE);
      held.forEach(attempt -> fireOnce(job, attempt, retry));
    }
  }

  /** How many slots after {@code slot}, {@code interval} apart, fall due by {@code time}. */
  private static long slotsBefore(Instant slot, Instant time, Duration interval) {
    return time.isBefore(slot) ? 0 : Duration.between(slot, time).dividedBy(interval);
  }

  private void scheduleRetry(JobKey job, Retry retry) {
    fireOnce(job, retry.attempt(), retry.at());
  }

  /**
   * Queues a run of one item: a one-shot fire of its group's job, at {@code at} (at once if that
   * has passed), which any node may make.
   */
  public void queue(JobKey job, Attempt attempt, Instant at) {
    fireOnce(job, attempt, at);
  }

  /**
   * Queues one run each of items that joined a group after its fire at their first slot: one
   * one-shot fire of the group's job at {@code at} (their latest first slot), which runs those of
   * them still members of the group, each for its own first slot. One trigger for the lot: a bulk
   * insert makes thousands of late members at once, and each trigger is a fire under Quartz's lock.
   */
  public void queueLate(JobKey job, List<String> items, Instant at) {
    JobDataMap data = new JobDataMap();
    data.put(LATE, new ArrayList<>(items));
    Trigger trigger =
        TriggerBuilder.newTrigger()
            .withIdentity(
                job.getName() + "-late-" + at.toEpochMilli() + "-" + clock.millis(), RETRY_GROUP)
            .forJob(job)
            .usingJobData(data)
            .startAt(Date.from(at))
            .withSchedule(
                SimpleScheduleBuilder.simpleSchedule().withMisfireHandlingInstructionFireNow())
            .build();
    try {
      scheduler.quartz().scheduleJob(trigger);
    } catch (SchedulerException | IllegalStateException e) {
      log.warn(
          "Could not queue the first runs of {} items that joined {} late: {}",
          items.size(),
          job.getName(),
          e.getMessage());
    }
  }

  /** A one-shot trigger of the job for this attempt of one item, at {@code at}. */
  private void fireOnce(JobKey job, Attempt attempt, Instant at) {
    Trigger trigger =
        TriggerBuilder.newTrigger()
            .withIdentity(
                job.getName()
                    + "-"
                    + Integer.toHexString(attempt.item().hashCode())
                    + "-"
                    + attempt.slot().toEpochMilli()
                    + "-"
                    + attempt.number()
                    + "@"
                    + at.toEpochMilli(), // a held catch-up is queued again from its own fire
                RETRY_GROUP)
            .forJob(job)
            .usingJobData(attempt.data())
            .startAt(Date.from(at))
            .withSchedule(
                SimpleScheduleBuilder.simpleSchedule().withMisfireHandlingInstructionFireNow())
            .build();
    try {
      scheduler.quartz().scheduleJob(trigger);
    } catch (ObjectAlreadyExistsException e) {
      // the same attempt is queued already
    } catch (SchedulerException | IllegalStateException e) {
      log.warn(
          "Could not queue attempt {} of {} at {}: {}",
          attempt.number(),
          ItemNames.printable(attempt.item()),
          attempt.slot(),
          e.getMessage());
    }
  }

  /**
   * The job store fires up to scheduler.fire-ahead early, by this node's clock: the runs start on
   * time by the cluster's.
   */
  private void awaitSlot(Instant fireTime) {
    // Until the cluster's clock says so: a new sample of the database's time during the sleep may
    // hold that clock back a few milliseconds (it never goes back).
    for (long early = fireTime.toEpochMilli() - clock.millis();
        early > 0;
        early = fireTime.toEpochMilli() - clock.millis()) {
      try {
        Thread.sleep(early);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt(); // stopping: the runs go ahead and are recorded
        return;
      }
    }
  }
}
