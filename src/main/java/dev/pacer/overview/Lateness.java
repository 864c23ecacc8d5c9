package dev.pacer.overview;

import dev.pacer.cluster.ClusterConfig;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.time.Duration;

/**
 * When an item counts as late. A healthy cluster fires each run on its slot, give or take the
 * scheduler's bookkeeping, so an item whose run is being fired right now is not late: only one past
 * its next run by more than {@link #tolerance()}, the larger of {@value #MINIMUM_SECONDS} s and
 * {@code misfire.threshold} (after which Quartz itself calls a run misfired).
 */
@Singleton
public final class Lateness {
  static final int MINIMUM_SECONDS = 2;

  private final Duration tolerance;

  @Inject
  public Lateness(ClusterConfig cluster) {
    Duration threshold = cluster.getMisfireThreshold();
    Duration minimum = Duration.ofSeconds(MINIMUM_SECONDS);
    this.tolerance = threshold.compareTo(minimum) > 0 ? threshold : minimum;
  }

  public Duration tolerance() {
    return tolerance;
  }
}
