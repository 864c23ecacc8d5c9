package dev.pacer.health;

import dev.pacer.config.Config;
import dev.pacer.config.Validated;
import java.time.Duration;
import java.util.List;

/** When /health/live calls a loop of the node stuck. */
public final class HealthConfig implements Validated {
  private Duration stuckAfter = Duration.ofMinutes(2);

  public Duration getStuckAfter() {
    return stuckAfter;
  }

  @Config(
      value = "health.stuck-after",
      description =
          "A loop of the node (the sync, the database watch, Quartz's scheduler thread) that has"
              + " not finished a pass for this long is stuck: /health/live answers 503")
  public void setStuckAfter(Duration stuckAfter) {
    this.stuckAfter = stuckAfter;
  }

  @Override
  public void validate(List<String> problems) {
    if (stuckAfter.toMillis() < 1000) {
      problems.add("health.stuck-after: must be at least 1s");
    }
  }
}
