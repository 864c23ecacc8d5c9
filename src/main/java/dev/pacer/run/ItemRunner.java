package dev.pacer.run;

import static java.util.Objects.requireNonNull;

import dev.pacer.cluster.ClusterConfig;
import dev.pacer.db.Database;
import dev.pacer.db.DatabaseWatch;
import dev.pacer.fence.Claim;
import dev.pacer.fence.FenceListener;
import dev.pacer.history.ItemNames;
import dev.pacer.run.Collection.Collected;
import dev.pacer.run.RunRecord.Outcome;
import dev.pacer.run.collector.CollectRequest;
import dev.pacer.run.collector.Collectors;
import dev.pacer.settings.ItemSettings;
import dev.pacer.settings.SettingsCache;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one item once: claims the item, calls its collector under a timeout, then records the
 * outcome. The collector runs on a thread of its own, so a collector that ignores interruption
 * costs a thread, never the Quartz worker or the item's next run; the item's claim is held until
 * that thread has left the collector, so the item never runs twice at once. When the node fences
 * itself, every collection in flight is abandoned: interrupted, and not recorded.
 */
@Singleton
public final class ItemRunner implements AutoCloseable, FenceListener {
  private static final Logger log = LoggerFactory.getLogger(ItemRunner.class);

  private final Collectors collectors;
  private final SettingsCache settings;
  private final RunClaims claims;
  private final RunRecorder recorder;
  private final RunConfig config;
  private final DatabaseWatch watch;
  private final Set<RunListener> listeners;
  private final Clock clock;
  private final String node;
  private final CollectorThreads collectorThreads;
  private final ScheduledThreadPoolExecutor timeouts;
  private final Set<Collection> inFlight = ConcurrentHashMap.newKeySet();
  private final AtomicInteger starting = new AtomicInteger(); // claimed, not yet begun
  private final RunLines lines = new RunLines();
  private volatile String fenced;

  @Inject
  public ItemRunner(
      Collectors collectors,
      SettingsCache settings,
      RunClaims claims,
      RunRecorder recorder,
      RunConfig config,
      DatabaseWatch watch,
      CollectorThreads collectorThreads,
      ClusterConfig cluster,
      Set<RunListener> listeners,
      Clock clock) {
    this.collectors = requireNonNull(collectors);
    this.settings = requireNonNull(settings);
    this.claims = requireNonNull(claims);
    this.recorder = requireNonNull(recorder);
    this.config = requireNonNull(config);
    this.watch = requireNonNull(watch);
    this.listeners = Set.copyOf(listeners);
    this.clock = requireNonNull(clock);
    this.node = cluster.resolvedNodeId();
    this.collectorThreads = requireNonNull(collectorThreads);
    this.timeouts = new ScheduledThreadPoolExecutor(1, daemons("pacer-timeouts-"));
    timeouts.setRemoveOnCancelPolicy(true); // a deadline met early leaves nothing behind
  }

  /**
   * Claims the items of attempts at one slot (a group's fire): those that may run now; none if the
   * database cannot say.
   */
  RunClaims.Claiming claim(List<Attempt> attempts) {
    try {
      RunClaims.Claiming claiming = claims.claim(attempts);
      starting.addAndGet(claiming.claimed().size()); // until attempt() starts each
      return claiming;
    } catch (SQLException e) {
      notClaimed(attempts, e);
      return RunClaims.Claiming.NONE;
    }
  }

  /**
   * Claims a group's fire at its slot: the attempts it was due to make and those that may run now
   * (none if the database cannot say).
   */
  RunClaims.Fire claimFire(String group, Instant slot, Runs.Due due) {
    try {
      RunClaims.Fire fire = claims.claimFire(group, slot, due);
      starting.addAndGet(fire.claiming().claimed().size()); // until attempt() starts each
      return fire;
    } catch (SQLException e) {
      if (Database.lostConnection(e)) {
        watch.lost(Database.reason(e));
      } else {
        log.warn("Group {} not run at {}: could not claim it: {}", group, slot, Database.reason(e));
      }
      return new RunClaims.Fire(List.of(), RunClaims.Claiming.NONE);
    }
  }

  /** Runs that could not start: a lost database is reported once, by the database watch. */
  private void notClaimed(List<Attempt> attempts, SQLException e) {
    if (Database.lostConnection(e)) {
      watch.lost(Database.reason(e));
      return;
    }
    log.warn(
        "{}{}: not run at {}: could not claim {}: {}",
        ItemNames.printable(attempts.get(0).item()),
        attempts.size() > 1 ? " and " + (attempts.size() - 1) + " more" : "",
        attempts.get(0).slot(),
        attempts.size() > 1 ? "them" : "it",
        Database.reason(e));
  }

  /**
   * Runs one claimed attempt and decides its outcome, without recording it. It completes when the
   * collector returned or its timeout passed (and its thread stopped, or {@link #EXIT_GRACE}
   * passed), without a thread waiting for it.
   *
   * @param timeoutCap an upper bound for the run's timeout, or null
   */
  public CompletableFuture<Ran> attempt(Claimed claimed, Duration timeoutCap) {
    return begin(claimed, timeoutCap).ran();
  }

  /** An attempt under way, and its collection (null without a collector). */
  private record Running(CompletableFuture<Ran> ran, Collection collection) {
    void stop() {
      if (collection != null) {
        collection.stop("interrupted", false);
      }
    }
  }

  private Running begin(Claimed claimed, Duration timeoutCap) {
    try {
      return beginClaimed(claimed, timeoutCap);
    } finally {
      starting.decrementAndGet();
    }
  }

  private Running beginClaimed(Claimed claimed, Duration timeoutCap) {
    Attempt attempt = claimed.attempt();
    Instant started = clock.instant();
    ItemSettings own = settings.get(attempt.item());
    Optional<Collection> collection =
        collectors.forItem(own).map(c -> start(c, request(attempt, own, timeoutCap)));
    if (collection.isEmpty()) {
      return new Running(
          CompletableFuture.completedFuture(
              finish(claimed, own, started, missingCollector(own), STOPPED, false)),
          null);
    }
    Collection running = collection.get();
    CompletableFuture<Ran> ran =
        running.result.thenApply(
            collected ->
                finish(claimed, own, started, collected, running.exited, running.abandoned()));
    return new Running(ran, running);
  }

  private Collection start(dev.pacer.run.collector.Collector collector, CollectRequest request) {
    Collection collection =
        new Collection(collector, request, collectorThreads, timeouts, noCollectorThread());
    inFlight.add(collection);
    String why = fenced;
    if (why != null) {
      collection.stop(why, true); // fenced while it was starting
    }
    collection.exited.thenRun(() -> inFlight.remove(collection));
    return collection;
  }

  /**
   * Stopping: lets the collections in flight (and those claimed, about to start on their slot) end
   * within {@code grace}, then gives the rest up (they are not recorded; once this node has left,
   * another runs them again).
   */
  public void endRuns(Duration grace) {
    long deadline = System.nanoTime() + grace.toNanos();
    while ((!inFlight.isEmpty() || starting.get() > 0) && System.nanoTime() < deadline) {
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    for (Collection collection : inFlight) {
      log.warn("Giving up a run in flight at shutdown; another node runs it again");
      collection.stop("abandoned: the node stopped", true);
    }
  }

  /** Whether this node may start runs now (it is not fenced). */
  public boolean mayRun() {
    return fenced == null;
  }

  /** Collections in flight on this node now. */
  public int inFlight() {
    return inFlight.size();
  }

  /** Fenced: every collection in flight is abandoned. */
  @Override
  public void fenced(String reason) {
    fenced = reason;
    for (Collection collection : inFlight) {
      collection.stop("abandoned: " + reason, true);
    }
  }

  @Override
  public boolean stopped() {
    inFlight.removeIf(collection -> collection.exited.isDone());
    return inFlight.isEmpty();
  }

  /** Rejoining: new runs may start again. */
  @Override
  public boolean settled() {
    if (!stopped()) {
      log.warn(
          "Node {} waits to rejoin: {} abandoned collections still run (they ignore interruption)",
          node,
          inFlight.size());
      return false;
    }
    fenced = null;
    return true;
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
  private Ran finish(
      Claimed claimed,
      ItemSettings own,
      Instant started,
      Collected collected,
      CompletableFuture<Void> collectorExit,
      boolean abandoned) {
    Attempt attempt = claimed.attempt();
    Instant finished = clock.instant();
    Optional<Instant> retryAt =
        collected.error() == null
            ? Optional.empty()
            : config.retryPolicy(own).nextAttempt(attempt.number(), finished, attempt.nextSlot());
    Outcome outcome =
        collected.error() == null
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
            collected.value(),
            collected.error());
    // The slot's outcome goes to history once it is final; its time is attempt 1's start.
    return new Ran(
        attempt,
        run,
        outcome == Outcome.RETRY ? null : attempt.slotStart(started),
        retryAt.map(at -> new Retry(at, attempt.next(started))).orElse(null),
        claimed.claim(),
        collectorExit,
        abandoned);
  }

  /** Logs a recorded run and tells the listeners. */
  public void announce(RunRecord run, int intervalSeconds) {
    lines.log(run, intervalSeconds);
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
   * @param attempt the attempt, as it ran
   * @param lastExecution the slot's last_execution_time, or null if another attempt follows
   * @param retry the next attempt, or null
   * @param claim the claim the attempt ran under
   * @param collectorExit completes when the collector's thread has left the collector (at once
   *     unless the run timed out or was stopped); the claim is freed then, not before
   * @param abandoned whether the node gave the run up (fenced): it is not recorded
   */
  public record Ran(
      Attempt attempt,
      RunRecord run,
      Instant lastExecution,
      Retry retry,
      Claim claim,
      CompletableFuture<Void> collectorExit,
      boolean abandoned) {}

  private static final CompletableFuture<Void> STOPPED = CompletableFuture.completedFuture(null);

  /** The next attempt of a slot and when it is due. */
  public record Retry(Instant at, Attempt attempt) {}

  private String noCollectorThread() {
    return "no collector thread free: "
        + collectorThreads.busy()
        + " collections still run, most of them past their timeout and ignoring"
        + " interruption";
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
    collectorThreads.close();
  }
}
