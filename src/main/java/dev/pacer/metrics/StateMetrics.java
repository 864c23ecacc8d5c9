package dev.pacer.metrics;

import static java.util.Objects.requireNonNull;

import dev.pacer.cluster.ClusterConfig;
import dev.pacer.cluster.PacerScheduler;
import dev.pacer.db.Database;
import dev.pacer.overview.ClusterMembers;
import dev.pacer.overview.ItemOverview;
import dev.pacer.overview.Member;
import dev.pacer.run.CollectorThreads;
import dev.pacer.run.ItemRunner;
import dev.pacer.run.RunRecording;
import dev.pacer.run.Runs;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.quartz.SchedulerException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gauges read when Prometheus scrapes: the cluster's items by state and members by status (the same
 * on every node), and this node's busy and total worker threads.
 *
 * <p>The items by state cost a pass over every item (seconds at a million). They are read on a
 * thread of their own, at most one read at a time and none sooner after the last than {@value
 * #PAUSE_FACTOR} times the processor time it took here; a scrape waits for a read at most {@link
 * #WAIT}, then serves the last values while the read goes on. With a small table a scrape's count
 * is at most a fraction of a second old.
 */
@Singleton
public final class StateMetrics {
  private static final Logger log = LoggerFactory.getLogger(StateMetrics.class);
  private static final int PAUSE_FACTOR = 20;
  private static final Duration WAIT = Duration.ofSeconds(1);
  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

  private final ItemOverview items;
  private final ClusterMembers members;
  private final PacerScheduler scheduler;
  private final MultiGauge itemStates;
  private final MultiGauge memberStates;
  private final ExecutorService reader =
      Executors.newSingleThreadExecutor(
          task -> {
            Thread thread = new Thread(task, "pacer-metrics");
            thread.setDaemon(true);
            return thread;
          });
  private CompletableFuture<Void> reading = CompletableFuture.completedFuture(null);
  private volatile long nextReadAt = System.nanoTime();

  @Inject
  public StateMetrics(
      MeterRegistry registry,
      ItemOverview items,
      ClusterMembers members,
      PacerScheduler scheduler,
      ItemRunner runner,
      CollectorThreads threads,
      RunRecording recording,
      Runs runs,
      ClusterConfig cluster) {
    this.items = requireNonNull(items);
    this.members = requireNonNull(members);
    this.scheduler = requireNonNull(scheduler);
    itemStates =
        MultiGauge.builder("pacer.items")
            .description("Items of the cluster by state (the same on every node)")
            .register(registry);
    memberStates =
        MultiGauge.builder("pacer.cluster.members")
            .description("Nodes of the cluster by status: up, or silent (missed their check-ins)")
            .register(registry);
    Gauge.builder("pacer.workers.busy", this, StateMetrics::busyWorkers)
        .description("Worker threads of this node running an item now")
        .register(registry);
    Gauge.builder("pacer.collections.in.flight", runner, ItemRunner::inFlight)
        .description("Collections running on this node now")
        .register(registry);
    Gauge.builder("pacer.collector.threads.busy", threads, CollectorThreads::busy)
        .description("Collections on a collector thread now (asynchronous collectors need none)")
        .register(registry);
    Gauge.builder(
            "pacer.collector.threads.limit",
            threads,
            t -> t.cap() == Integer.MAX_VALUE ? Double.POSITIVE_INFINITY : t.cap())
        .description(
            "Collector threads this node may have; past it a blocking collection fails at once"
                + " (unbounded on virtual threads, JDK 21+)")
        .register(registry);
    FunctionCounter.builder("pacer.fires.shed", runs, Runs::shed)
        .description(
            "Group fires this node passed by because its records of the group's earlier fires still"
                + " waited for the database")
        .register(registry);
    Gauge.builder("pacer.runs.recording", recording, RunRecording::queued)
        .description("Runs that ended and wait to be recorded")
        .register(registry);
    Gauge.builder("pacer.workers.size", cluster::getThreads)
        .description("Worker threads of this node (scheduler.threads)")
        .register(registry);
  }

  /**
   * Reads the gauges that need the database, or waits for the read under way, at most {@link
   * #WAIT}; on failure or past the wait the last values stay.
   */
  public void refresh() {
    CompletableFuture<Void> current;
    synchronized (this) {
      if (reading.isDone() && System.nanoTime() - nextReadAt >= 0) {
        reading = CompletableFuture.runAsync(this::read, reader);
      }
      current = reading;
    }
    try {
      current.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      log.debug("Item gauges: a read is under way; the scrape has the last values");
    } catch (ExecutionException e) {
      log.warn("Item gauges not refreshed", e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void read() {
    long started = THREADS.getCurrentThreadCpuTime();
    try {
      Map<String, Integer> counts = items.countByState();
      itemStates.register(
          counts.entrySet().stream()
              .map(e -> MultiGauge.Row.of(Tags.of("state", e.getKey()), e.getValue()))
              .toList(),
          true);
      List<Member> all = members.all();
      long silent = all.stream().filter(Member::silent).count();
      memberStates.register(
          List.of(
              MultiGauge.Row.of(Tags.of("status", "up"), all.size() - silent),
              MultiGauge.Row.of(Tags.of("status", "silent"), silent)),
          true);
    } catch (SQLException e) {
      log.debug("Item and member gauges not refreshed: {}", Database.reason(e));
    } finally {
      // By the processor time it took here, which grows with the items as the database's does;
      // not by the time it took, which a lock wait can stretch.
      long cost = THREADS.getCurrentThreadCpuTime() - started;
      nextReadAt = System.nanoTime() + cost * PAUSE_FACTOR;
    }
  }

  private double busyWorkers() {
    if (!scheduler.isRunning()) {
      return 0;
    }
    try {
      return scheduler.quartz().getCurrentlyExecutingJobs().size();
    } catch (SchedulerException | IllegalStateException e) {
      return 0;
    }
  }
}
