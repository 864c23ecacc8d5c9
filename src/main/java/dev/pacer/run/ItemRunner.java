package dev.pacer.run;

import static java.util.Objects.requireNonNull;

import dev.pacer.cluster.ClusterConfig;
import dev.pacer.db.Database;
import dev.pacer.history.ItemNames;
import dev.pacer.run.RunRecord.Outcome;
import dev.pacer.run.collector.CollectException;
import dev.pacer.run.collector.CollectRequest;
import dev.pacer.run.collector.Collector;
import dev.pacer.run.collector.Collectors;
import dev.pacer.settings.ItemSettings;
import dev.pacer.settings.SettingsCache;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.FutureTask;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one item once: calls its collector under a timeout, then records the outcome. The collector
 * runs on a thread of its own, so a collector that ignores interruption costs a thread, never the
 * Quartz worker or the item's next run.
 */
@Singleton
public final class ItemRunner implements AutoCloseable {
  private static final Logger runs = LoggerFactory.getLogger("pacer.run");
  private static final Logger log = LoggerFactory.getLogger(ItemRunner.class);

  private final Collectors collectors;
  private final SettingsCache settings;
  private final RunRecorder recorder;
  private final RunConfig config;
  private final Set<RunListener> listeners;
  private final Clock clock;
  private final String node;
  private final ThreadPoolExecutor collectorThreads;

  @Inject
  public ItemRunner(
      Collectors collectors,
      SettingsCache settings,
      RunRecorder recorder,
      RunConfig config,
      ClusterConfig cluster,
      Set<RunListener> listeners,
      Clock clock) {
    this.collectors = requireNonNull(collectors);
    this.settings = requireNonNull(settings);
    this.recorder = requireNonNull(recorder);
    this.config = requireNonNull(config);
    this.listeners = Set.copyOf(listeners);
    this.clock = requireNonNull(clock);
    this.node = cluster.resolvedNodeId();
    // Each worker waits for one collector; the rest of the cap is for collectors that ignored
    // their interruption and still run: enough slack, but bounded.
    this.collectorThreads =
        new ThreadPoolExecutor(
            0,
            cluster.getThreads() * 4 + 100,
            60,
            TimeUnit.SECONDS,
            new SynchronousQueue<>(),
            daemons());
  }

  /**
   * Runs one attempt and records it.
   *
   * @return the next attempt of this slot and when it is due, if this attempt failed and the retry
   *     policy allows another before the item's next slot
   */
  public Optional<Retry> run(Attempt attempt) {
    if (attempt.recovering() && alreadyRecorded(attempt)) {
      return Optional.empty();
    }
    Ran ran = attempt(attempt, null);
    try {
      recorder.record(ran.run(), ran.lastExecution());
    } catch (SQLException e) {
      log.error(
          "Run of {} could not be recorded: {}",
          ItemNames.printable(attempt.item()),
          Database.reason(e));
    }
    announce(ran.run(), attempt.intervalSeconds(), true);
    return Optional.ofNullable(ran.retry());
  }

  /**
   * Runs one attempt and decides its outcome, without recording it (scale mode records whole groups
   * at once).
   *
   * @param timeoutCap an upper bound for the run's timeout, or null
   */
  public Ran attempt(Attempt attempt, Duration timeoutCap) {
    Instant started = clock.instant();
    ItemSettings own = settings.get(attempt.item());
    Collected collected =
        collectors
            .forItem(own)
            .map(c -> collect(c, request(attempt, own, timeoutCap)))
            .orElseGet(() -> missingCollector(own));
    return finish(attempt, own, started, collected);
  }

  /**
   * The same attempt without a thread waiting for it (scale mode, where one fire starts hundreds):
   * the collector runs on a collector thread, and {@code timer} ends the attempt at its timeout,
   * interrupting the collector and leaving it behind if it does not stop.
   */
  public CompletableFuture<Ran> attemptAsync(
      Attempt attempt, Duration timeoutCap, ScheduledExecutorService timer) {
    Instant started = clock.instant();
    ItemSettings own = settings.get(attempt.item());
    Optional<Collector> collector = collectors.forItem(own);
    if (collector.isEmpty()) {
      return CompletableFuture.completedFuture(
          finish(attempt, own, started, missingCollector(own)));
    }
    CollectRequest request = request(attempt, own, timeoutCap);
    CompletableFuture<Collected> collected = new CompletableFuture<>();
    FutureTask<Double> task =
        new FutureTask<>(() -> collector.get().collect(request)) {
          @Override
          protected void done() {
            if (!isCancelled()) {
              collected.complete(outcome(this));
            }
          }
        };
    try {
      collectorThreads.execute(task);
    } catch (RejectedExecutionException e) {
      collected.complete(noCollectorThread());
    }
    ScheduledFuture<?> deadline =
        timer.schedule(
            () -> {
              if (collected.complete(Collected.failure("timeout"))) {
                task.cancel(true);
              }
            },
            request.timeout().toMillis(),
            TimeUnit.MILLISECONDS);
    return collected.thenApply(
        result -> {
          deadline.cancel(false);
          return finish(attempt, own, started, result);
        });
  }

  private CollectRequest request(Attempt attempt, ItemSettings own, Duration timeoutCap) {
    Duration configured =
        own.timeout() != null ? own.timeout() : config.timeoutFor(attempt.intervalSeconds());
    Duration timeout =
        timeoutCap != null && timeoutCap.compareTo(configured) < 0 ? timeoutCap : configured;
    return new CollectRequest(attempt.item(), own.target(), own.options(), timeout);
  }

  private Collected missingCollector(ItemSettings own) {
    return Collected.failure(
        "no collector named '"
            + own.collector()
            + "' (known: "
            + String.join(", ", collectors.names())
            + ")");
  }

  /** The attempt's record and, if it failed and the retry policy allows, its next attempt. */
  private Ran finish(Attempt attempt, ItemSettings own, Instant started, Collected collected) {
    Instant finished = clock.instant();
    Optional<Instant> retryAt =
        collected.error == null
            ? Optional.empty()
            : config.retryPolicy(own).nextAttempt(attempt.number(), finished, attempt.nextSlot());
    Outcome outcome =
        collected.error == null
            ? Outcome.SUCCESS
            : retryAt.isPresent() ? Outcome.RETRY : Outcome.FAILURE;
    RunRecord run =
        new RunRecord(
            attempt.item(),
            attempt.slot(),
            started,
            finished,
            node,
            attempt.number(),
            outcome,
            collected.value,
            collected.error);
    // The slot's outcome goes to history once it is final; its time is attempt 1's start.
    return new Ran(
        run,
        outcome == Outcome.RETRY ? null : attempt.slotStart(started),
        retryAt.map(at -> new Retry(at, attempt.next(started))).orElse(null));
  }

  /** Logs a recorded run and tells the listeners; {@code detailed}: a line for each success. */
  public void announce(RunRecord run, int intervalSeconds, boolean detailed) {
    logRun(run, intervalSeconds, detailed);
    for (RunListener listener : listeners) {
      try {
        listener.onRun(run);
      } catch (RuntimeException e) {
        log.warn("Run listener {} failed: {}", listener.getClass().getSimpleName(), e.toString());
      }
    }
  }

  /**
   * An attempt's result.
   *
   * @param lastExecution the slot's last_execution_time, or null if another attempt follows
   * @param retry the next attempt, or null
   */
  public record Ran(RunRecord run, Instant lastExecution, Retry retry) {}

  /** The next attempt of a slot and when it is due. */
  public record Retry(Instant at, Attempt attempt) {}

  /**
   * A node can die after recording a run but before telling Quartz it finished; the run then looks
   * unfinished and is recovered here. It is not repeated.
   */
  public boolean alreadyRecorded(Attempt attempt) {
    try {
      if (recorder.isRecorded(attempt.item(), attempt.slot(), attempt.number())) {
        log.info(
            "{}: attempt {} of the {} slot was recorded before its node died; not repeated",
            ItemNames.printable(attempt.item()),
            attempt.number(),
            attempt.slot());
        return true;
      }
    } catch (SQLException e) {
      log.warn("Could not check the run log: {}", Database.reason(e));
    }
    return false;
  }

  private Collected collect(Collector collector, CollectRequest request) {
    Future<Double> future;
    try {
      future = collectorThreads.submit(() -> collector.collect(request));
    } catch (RejectedExecutionException e) {
      return noCollectorThread();
    }
    try {
      future.get(request.timeout().toMillis(), TimeUnit.MILLISECONDS);
      return outcome(future);
    } catch (TimeoutException e) {
      future.cancel(true);
      return Collected.failure("timeout");
    } catch (ExecutionException e) {
      return outcome(future);
    } catch (InterruptedException e) {
      future.cancel(true);
      Thread.currentThread().interrupt();
      return Collected.failure("interrupted");
    }
  }

  /** What a finished collection gave: its value, or why it has none. */
  private static Collected outcome(Future<Double> done) {
    try {
      double value = done.get();
      if (!Float.isFinite((float) value)) {
        return Collected.failure("value " + value + " does not fit the FLOAT result column");
      }
      return new Collected(value, null);
    } catch (ExecutionException e) {
      return Collected.failure(describe(e.getCause()));
    } catch (InterruptedException | java.util.concurrent.CancellationException e) {
      return Collected.failure("interrupted");
    }
  }

  private Collected noCollectorThread() {
    return Collected.failure(
        "no collector thread free: "
            + collectorThreads.getActiveCount()
            + " collections still run, most of them past their timeout and ignoring"
            + " interruption");
  }

  private static String describe(Throwable error) {
    String message = error.getMessage();
    if (error instanceof CollectException && message != null) {
      return message;
    }
    return message == null || message.isBlank()
        ? error.getClass().getSimpleName()
        : error.getClass().getSimpleName() + ": " + message;
  }

  private static void logRun(RunRecord run, int intervalSeconds, boolean detailed) {
    String item = ItemNames.printable(run.item());
    String context =
        "attempt " + run.attempt() + ", started " + run.lateness().toMillis() + " ms late";
    if (run.outcome() != Outcome.SUCCESS) {
      runs.warn(
          "{} failed in {} ms on {}: {} ({}{})",
          item,
          run.duration().toMillis(),
          run.node(),
          run.error(),
          context,
          run.outcome() == Outcome.RETRY ? "; will retry" : "");
    } else if (intervalSeconds > 0 && run.duration().getSeconds() >= intervalSeconds) {
      runs.warn(
          "{} = {} in {} ms on {} ({}); slower than its {} s interval, so the slots it missed"
              + " follow the misfire policy",
          item,
          Float.toString(run.result().floatValue()),
          run.duration().toMillis(),
          run.node(),
          context,
          intervalSeconds);
    } else if (detailed || runs.isDebugEnabled()) {
      // The value as the FLOAT result column holds it.
      String format = "{} = {} in {} ms on {} ({})";
      Object[] args = {
        item,
        Float.toString(run.result().floatValue()),
        run.duration().toMillis(),
        run.node(),
        context
      };
      if (detailed) {
        runs.info(format, args);
      } else {
        runs.debug(format, args);
      }
    }
  }

  private static ThreadFactory daemons() {
    AtomicInteger count = new AtomicInteger();
    return task -> {
      Thread thread = new Thread(task, "pacer-collect-" + count.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    };
  }

  @Override
  public void close() {
    collectorThreads.shutdownNow();
  }

  private record Collected(Double value, String error) {
    static Collected failure(String error) {
      return new Collected(null, error);
    }
  }
}
