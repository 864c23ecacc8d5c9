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
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
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
  private final ScheduledThreadPoolExecutor timeouts;

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
            daemons("pacer-collect-"));
    this.timeouts = new ScheduledThreadPoolExecutor(1, daemons("pacer-timeouts-"));
    timeouts.setRemoveOnCancelPolicy(true); // a deadline met early leaves nothing behind
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
      recorder.notRecorded(attempt.item(), e);
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
            .map(c -> new Collection(c, request(attempt, own, timeoutCap)).await())
            .orElseGet(() -> missingCollector(own));
    return finish(attempt, own, started, collected);
  }

  /**
   * The same attempt without a thread waiting for it (scale mode, where one fire starts hundreds):
   * it completes when its collector returns or its timeout passes, whichever comes first.
   */
  public CompletableFuture<Ran> attemptAsync(Attempt attempt, Duration timeoutCap) {
    Instant started = clock.instant();
    ItemSettings own = settings.get(attempt.item());
    return collectors
        .forItem(own)
        .map(c -> new Collection(c, request(attempt, own, timeoutCap)).result)
        .orElseGet(() -> CompletableFuture.completedFuture(missingCollector(own)))
        .thenApply(collected -> finish(attempt, own, started, collected));
  }

  private CollectRequest request(Attempt attempt, ItemSettings own, Duration timeoutCap) {
    Duration configured =
        own.timeout() != null ? own.timeout() : config.timeoutFor(attempt.intervalSeconds());
    Duration timeout =
        timeoutCap != null && timeoutCap.compareTo(configured) < 0 ? timeoutCap : configured;
    return new CollectRequest(
        attempt.item(),
        own.target(),
        own.options(),
        timeout,
        attempt.slot(),
        attempt.number(),
        node);
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

  /**
   * A collector running on a collector thread under its timeout. At the timeout (or when the
   * waiting worker is interrupted) the collection ends as a failure and the collector is
   * interrupted; one that ignores that is left behind, costing a collector thread, never a worker.
   */
  private final class Collection {
    final CompletableFuture<Collected> result = new CompletableFuture<>();
    private final FutureTask<Double> task;

    Collection(Collector collector, CollectRequest request) {
      task =
          new FutureTask<>(() -> collector.collect(request)) {
            @Override
            protected void done() {
              if (!isCancelled()) {
                result.complete(outcome(this));
              }
            }
          };
      try {
        collectorThreads.execute(task);
      } catch (RejectedExecutionException e) {
        result.complete(noCollectorThread());
        return;
      }
      ScheduledFuture<?> deadline =
          timeouts.schedule(
              () -> abandon("timeout"), request.timeout().toMillis(), TimeUnit.MILLISECONDS);
      result.thenRun(() -> deadline.cancel(false));
    }

    Collected await() {
      try {
        return result.get();
      } catch (InterruptedException e) {
        abandon("interrupted");
        Thread.currentThread().interrupt();
        return result.join();
      } catch (ExecutionException e) {
        throw new IllegalStateException(e.getCause()); // never: result is completed normally
      }
    }

    private void abandon(String why) {
      if (result.complete(Collected.failure(why))) {
        task.cancel(true);
      }
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

  private static ThreadFactory daemons(String prefix) {
    AtomicInteger count = new AtomicInteger();
    return task -> {
      Thread thread = new Thread(task, prefix + count.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    };
  }

  @Override
  public void close() {
    timeouts.shutdownNow();
    collectorThreads.shutdownNow();
  }

  private record Collected(Double value, String error) {
    static Collected failure(String error) {
      return new Collected(null, error);
    }
  }
}
