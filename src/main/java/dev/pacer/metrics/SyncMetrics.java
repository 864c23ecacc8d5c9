package dev.pacer.metrics;

import dev.pacer.sync.SyncListener;
import dev.pacer.sync.SyncService.SyncReport;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * The sync on this node: how long ticks take, what they changed, and its lag, the time since this
 * node's last successful tick. A tick that fails (say, the database is gone) is not counted, so the
 * lag grows from the sync interval while the sync does not work.
 */
@Singleton
public final class SyncMetrics implements SyncListener {
  private final Clock clock;
  private final Timer quietTicks;
  private final Timer changedTicks;
  private final Timer followerTicks;
  private final Counter added;
  private final Counter rescheduled;
  private final Counter removed;
  private volatile Instant lastTick;

  @Inject
  public SyncMetrics(MeterRegistry registry, Clock clock) {
    this.clock = clock;
    this.lastTick = clock.instant();
    quietTicks = tickTimer(registry, "true", "false");
    changedTicks = tickTimer(registry, "true", "true");
    followerTicks = tickTimer(registry, "false", "false");
    added = changes(registry, "added");
    rescheduled = changes(registry, "rescheduled");
    removed = changes(registry, "removed");
    Gauge.builder("pacer.sync.lag", this, SyncMetrics::lagSeconds)
        .description("Seconds since this node's last successful sync tick")
        .baseUnit("seconds")
        .register(registry);
  }

  private static Timer tickTimer(MeterRegistry registry, String leader, String changed) {
    return Timer.builder("pacer.sync.duration")
        .description(
            "How long sync ticks took; leader=true for ticks that compared the tables, false for"
                + " ticks that only refreshed settings; changed=true for those that found changed"
                + " rows and read them")
        .tag("leader", leader)
        .tag("changed", changed)
        .serviceLevelObjectives(RunMetrics.BUCKETS)
        .register(registry);
  }

  private static Counter changes(MeterRegistry registry, String change) {
    return Counter.builder("pacer.sync.changes")
        .description("Jobs this node's sync added, rescheduled or removed")
        .tag("change", change)
        .register(registry);
  }

  @Override
  public void onTick(SyncReport report, Duration took) {
    lastTick = clock.instant();
    (!report.leader() ? followerTicks : report.changed() ? changedTicks : quietTicks).record(took);
    added.increment(report.added());
    rescheduled.increment(report.rescheduled());
    removed.increment(report.removed());
  }

  private double lagSeconds() {
    return Duration.between(lastTick, clock.instant()).toMillis() / 1000.0;
  }
}
