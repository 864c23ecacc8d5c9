package dev.pacer.group;

import static java.util.Objects.requireNonNull;

import dev.pacer.cluster.ClusterConfig;
import dev.pacer.run.Attempt;
import dev.pacer.run.Claimed;
import dev.pacer.run.ItemRunner;
import dev.pacer.run.ItemRunner.Ran;
import dev.pacer.run.RunRecord;
import dev.pacer.run.RunRecord.Outcome;
import dev.pacer.run.RunRecorder;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one fire of a group: every member's collector on a collector thread, at most
 * scheduler.threads at a time across the node's group fires, each under a timeout no longer than
 * its interval (so the group is done before its next slot), with retries delayed rather than slept
 * through; then records all runs in batches. No thread waits for a member: the fire's own Quartz
 * worker starts them as permits free up.
 */
@Singleton
public final class GroupRunner {
  private static final Logger log = LoggerFactory.getLogger("pacer.run");

  private final ItemRunner runner;
  private final RunRecorder recorder;
  private final Clock clock;
  private final Semaphore permits;

  @Inject
  public GroupRunner(ItemRunner runner, RunRecorder recorder, ClusterConfig cluster, Clock clock) {
    this.runner = requireNonNull(runner);
    this.recorder = requireNonNull(recorder);
    this.clock = requireNonNull(clock);
    this.permits = new Semaphore(cluster.getThreads());
  }

  public void run(String group, int intervalSeconds, List<Attempt> attempts) {
    long started = System.nanoTime();
    Duration cap = Duration.ofSeconds(intervalSeconds);
    List<Claimed> claimed = runner.claim(attempts);
    List<CompletableFuture<List<Ran>>> runs = new ArrayList<>();
    for (Claimed attempt : claimed) {
      try {
        permits.acquire();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt(); // stopping: what started is still recorded
        break;
      }
      runs.add(attempts(attempt, cap));
    }
    List<Ran> all = new ArrayList<>();
    runs.forEach(run -> all.addAll(run.join()));
    List<RunRecord> recorded = recorder.record(all);
    long failed = 0;
    long latest = 0;
    for (RunRecord run : recorded) {
      runner.announce(run, intervalSeconds, false);
      failed += run.outcome() == Outcome.SUCCESS ? 0 : 1;
      latest = Math.max(latest, run.lateness().toMillis());
    }
    long notRun = attempts.size() - claimed.size();
    long notRecorded = all.size() - recorded.size();
    String format =
        "Group {}: {} runs ({} failed, {} not recorded, {} not run: still running or settled) in"
            + " {} ms, started at most {} ms late";
    Object[] args = {
      group,
      recorded.size(),
      failed,
      notRecorded,
      notRun,
      (System.nanoTime() - started) / 1_000_000,
      latest
    };
    if (failed > 0 || notRecorded > 0 || notRun > 0) {
      log.info(format, args);
    } else {
      log.debug(format, args);
    }
  }

  /**
   * An attempt holding a permit, and the retries it leads to (which take none: they are few, and
   * the thread that starts them after their delay must not wait).
   */
  private CompletableFuture<List<Ran>> attempts(Claimed attempt, Duration cap) {
    CompletableFuture<Ran> first;
    try {
      first = runner.attempt(attempt, cap);
    } catch (RuntimeException e) {
      permits.release();
      throw e;
    }
    return first
        .whenComplete((ran, error) -> permits.release())
        .thenCompose(ran -> retries(ran, cap));
  }

  private CompletableFuture<List<Ran>> retries(Ran ran, Duration cap) {
    if (ran.retry() == null || ran.abandoned()) {
      return CompletableFuture.completedFuture(List.of(ran));
    }
    Claimed next = new Claimed(ran.retry().attempt(), ran.claim());
    // A retry gets only what is left of the slot, so the group ends before the next.
    Duration left =
        next.attempt().nextSlot() == null
            ? cap
            : Duration.between(ran.retry().at(), next.attempt().nextSlot());
    Duration retryCap = left.compareTo(cap) < 0 ? left : cap;
    long delay = Math.max(0, ran.retry().at().toEpochMilli() - clock.millis());
    Executor later = CompletableFuture.delayedExecutor(delay, TimeUnit.MILLISECONDS);
    return CompletableFuture.supplyAsync(() -> next, later)
        .thenCompose(retry -> runner.attempt(retry, retryCap))
        .thenCompose(retried -> retries(retried, retryCap))
        .thenApply(
            rest -> {
              List<Ran> chain = new ArrayList<>(List.of(ran));
              chain.addAll(rest);
              return chain;
            });
  }
}
