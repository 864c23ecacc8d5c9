package dev.pacer.fence;

import static java.util.Objects.requireNonNull;

import dev.pacer.cluster.ClusterConfig;
import dev.pacer.health.Readiness;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.List;

/** Not ready while fenced, or while this node's clock is off the database's. */
@Singleton
final class FenceProbe implements Readiness {
  private final SelfFence fence;
  private final ClockSkew skew;
  private final ClusterConfig config;

  @Inject
  FenceProbe(SelfFence fence, ClockSkew skew, ClusterConfig config) {
    this.fence = requireNonNull(fence);
    this.skew = requireNonNull(skew);
    this.config = requireNonNull(config);
  }

  @Override
  public List<String> problems() {
    List<String> problems = new ArrayList<>();
    String fenced = fence.fencedBecause();
    if (fenced != null) {
      problems.add("fence: fenced itself, " + fenced);
    } else if (skew.exceeds(config.getMaxClockSkew())) {
      problems.add(
          "clock: "
              + skew.skew().toMillis()
              + " ms off the database's (cluster.max-clock-skew "
              + config.getMaxClockSkew().toMillis()
              + " ms)");
    }
    return problems;
  }
}
