package dev.pacer.health;

import static java.util.Objects.requireNonNull;

import dev.pacer.cluster.PacerScheduler;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.util.List;

/**
 * Quartz's scheduler, /health's {@code scheduler}: ready while it runs (not before it starts, nor
 * once it stops), live while its thread, which acquires and fires triggers, progresses.
 */
@Singleton
final class SchedulerProbe implements Readiness, Liveness {
  /** Quartz names its scheduler thread after the scheduler. */
  private static final String THREAD = PacerScheduler.NAME + "_QuartzSchedulerThread";

  private final PacerScheduler scheduler;
  private final LoopThread loop;

  @Inject
  SchedulerProbe(PacerScheduler scheduler, HealthConfig config, Clock clock) {
    this.scheduler = requireNonNull(scheduler);
    this.loop = new LoopThread("scheduler", THREAD, config.getStuckAfter(), clock);
  }

  @Override
  public List<String> problems() {
    return scheduler.isRunning() ? List.of() : List.of("scheduler: not running");
  }

  @Override
  public List<String> stuck() {
    return loop.problems();
  }
}
