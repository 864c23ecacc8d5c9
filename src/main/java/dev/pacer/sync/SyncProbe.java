package dev.pacer.sync;

import static java.util.Objects.requireNonNull;

import dev.pacer.health.HealthConfig;
import dev.pacer.health.Liveness;
import dev.pacer.health.LoopThread;
import dev.pacer.health.Readiness;
import dev.pacer.sync.SyncService.SyncReport;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * The sync, for the probes: ready while its last successful tick (leader or not) is at most {@code
 * sync.max-lag} old, so changes to the history table take effect; live while its loop progresses,
 * failing or not.
 */
@Singleton
final class SyncProbe implements SyncListener, Readiness, Liveness {
  private final Duration maxLag;
  private final Clock clock;
  private final LoopThread loop;
  private volatile Instant lastTick;

  @Inject
  SyncProbe(SyncConfig sync, HealthConfig health, Clock clock) {
    this.maxLag = sync.getMaxLag();
    this.clock = requireNonNull(clock);
    // The loop waits sync.interval between ticks, which may be longer than health.stuck-after.
    Duration stuckAfter = max(health.getStuckAfter(), sync.getInterval().multipliedBy(2));
    this.loop = new LoopThread("sync", "pacer-sync", stuckAfter, clock);
  }

  @Override
  public void onTick(SyncReport report, Duration took) {
    lastTick = clock.instant();
  }

  @Override
  public List<String> problems() {
    Instant last = lastTick;
    if (last == null) {
      return List.of("sync: no successful tick yet");
    }
    Duration lag = Duration.between(last, clock.instant());
    return lag.compareTo(maxLag) > 0
        ? List.of("sync: no successful tick for " + lag.toSeconds() + " s")
        : List.of();
  }

  @Override
  public List<String> stuck() {
    return loop.problems();
  }

  private static Duration max(Duration a, Duration b) {
    return a.compareTo(b) >= 0 ? a : b;
  }
}
