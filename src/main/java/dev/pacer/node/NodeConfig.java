package dev.pacer.node;

import dev.pacer.config.Config;
import dev.pacer.config.Validated;
import java.time.Duration;
import java.util.List;

/** How a node stops. */
public final class NodeConfig implements Validated {
  private Duration shutdownGrace = Duration.ofSeconds(30);

  public Duration getShutdownGrace() {
    return shutdownGrace;
  }

  @Config(
      value = "shutdown.grace",
      description =
          "On SIGTERM or Ctrl-C, how long running collections may finish before they are"
              + " interrupted (another node then re-runs them)")
  public void setShutdownGrace(Duration shutdownGrace) {
    this.shutdownGrace = shutdownGrace;
  }

  @Override
  public void validate(List<String> problems) {
    if (shutdownGrace.isNegative()) {
      problems.add("shutdown.grace: must not be negative");
    }
  }
}
