package dev.pacer.cluster;

import dev.pacer.config.Config;
import dev.pacer.config.Validated;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.List;

/** How this node takes part in the Quartz cluster. */
public final class ClusterConfig implements Validated {
  private String nodeId = "";
  // Also sizes the platform threads of blocking collectors (CollectorThreads). Idle ones cost
  // nothing.
  private int threads = 400;
  private Duration checkinInterval = Duration.ofSeconds(5);
  private Duration misfireThreshold = Duration.ofSeconds(1);
  private Duration spreadMax = Duration.ofMinutes(1);
  private Duration fireAhead = Duration.ofMillis(200);
  private Duration groupWindow = Duration.ofMillis(100);
  private Duration leaseTimeout = Duration.ofSeconds(8);
  private Duration maxClockSkew = Duration.ofSeconds(1);

  public String getNodeId() {
    return nodeId;
  }

  @Config(
      value = "node.id",
      description =
          "This node's Quartz instance id, unique in the cluster; empty means <hostname>-<pid>")
  public void setNodeId(String nodeId) {
    this.nodeId = nodeId;
  }

  /** The configured id, or {@code <hostname>-<pid>}. */
  public String resolvedNodeId() {
    if (!nodeId.isBlank()) {
      return nodeId;
    }
    String host;
    try {
      host = InetAddress.getLocalHost().getHostName();
    } catch (UnknownHostException e) {
      host = "node";
    }
    return host + "-" + ManagementFactory.getRuntimeMXBean().getPid();
  }

  public int getThreads() {
    return threads;
  }

  @Config(
      value = "scheduler.threads",
      description =
          "Quartz worker threads, which start each group's runs and return; on a JDK before 21,"
              + " blocking collectors run on at most 4 x this + 100 platform threads")
  public void setThreads(int threads) {
    this.threads = threads;
  }

  public Duration getCheckinInterval() {
    return checkinInterval;
  }

  @Config(
      value = "cluster.checkin-interval",
      description =
          "How often a node checks in; a node silent for this plus 7.5 s is declared dead"
              + " and its runs are recovered elsewhere")
  public void setCheckinInterval(Duration checkinInterval) {
    this.checkinInterval = checkinInterval;
  }

  public Duration getMisfireThreshold() {
    return misfireThreshold;
  }

  @Config(
      value = "misfire.threshold",
      description = "A run later than this counts as misfired and is handled by the misfire policy")
  public void setMisfireThreshold(Duration misfireThreshold) {
    this.misfireThreshold = misfireThreshold;
  }

  public Duration getSpreadMax() {
    return spreadMax;
  }

  @Config(
      value = "spread.max",
      description =
          "Overdue and late items start spread over their interval (by name), at most over this"
              + " long, so a backlog does not fire in one burst")
  public void setSpreadMax(Duration spreadMax) {
    this.spreadMax = spreadMax;
  }

  public Duration getFireAhead() {
    return fireAhead;
  }

  @Config(
      value = "scheduler.fire-ahead",
      description =
          "Quartz's bookkeeping for a run happens this long before its slot, and the run starts"
              + " on the slot; covers many items due at one instant")
  public void setFireAhead(Duration fireAhead) {
    this.fireAhead = fireAhead;
  }

  public Duration getGroupWindow() {
    return groupWindow;
  }

  @Config(
      value = "schedule.group-window",
      description =
          "Items sharing an interval, a misfire policy and a phase within this window are fired"
              + " by one Quartz trigger, their group's; a run starts on its group's slot"
              + " (docs/performance.md)")
  public void setGroupWindow(Duration groupWindow) {
    this.groupWindow = groupWindow;
  }

  public Duration getLeaseTimeout() {
    return leaseTimeout;
  }

  @Config(
      value = "cluster.lease-timeout",
      description =
          "A node whose lease in the database has not been renewed for this long is taken over"
              + " by the others; it renews every eighth of it and fences itself (abandons its runs,"
              + " leaves the cluster) after five eighths without a renewal")
  public void setLeaseTimeout(Duration leaseTimeout) {
    this.leaseTimeout = leaseTimeout;
  }

  /** How often a node renews its lease. */
  public Duration leaseRenewal() {
    return leaseTimeout.dividedBy(8);
  }

  /** How long a node goes on without a renewal before it fences itself. */
  public Duration selfFenceAfter() {
    return leaseTimeout.multipliedBy(5).dividedBy(8);
  }

  public Duration getMaxClockSkew() {
    return maxClockSkew;
  }

  @Config(
      value = "cluster.max-clock-skew",
      description =
          "A node whose clock is off the database's by more than this reports it and runs"
              + " nothing until it is fixed")
  public void setMaxClockSkew(Duration maxClockSkew) {
    this.maxClockSkew = maxClockSkew;
  }

  @Override
  public void validate(List<String> problems) {
    if (nodeId.length() > 150) {
      problems.add("node.id: at most 150 characters");
    }
    if (threads < 1 || threads > 1000) {
      problems.add("scheduler.threads: " + threads + " is not between 1 and 1000");
    }
    if (checkinInterval.toMillis() < 500) {
      problems.add("cluster.checkin-interval: must be at least 500ms");
    }
    if (fireAhead.isNegative() || fireAhead.compareTo(Duration.ofSeconds(1)) > 0) {
      problems.add("scheduler.fire-ahead: must be between 0 and 1s");
    }
    if (groupWindow.toMillis() < 1 || groupWindow.compareTo(Duration.ofSeconds(10)) > 0) {
      problems.add("schedule.group-window: must be between 1ms and 10s");
    }
    if (spreadMax.isNegative()) {
      problems.add("spread.max: must not be negative");
    }
    if (leaseTimeout.compareTo(Duration.ofSeconds(2)) < 0
        || leaseTimeout.compareTo(Duration.ofMinutes(2)) > 0) {
      problems.add("cluster.lease-timeout: must be between 2s and 2m");
    }
    if (maxClockSkew.toMillis() < 50) {
      problems.add("cluster.max-clock-skew: must be at least 50ms");
    }
    if (misfireThreshold.toMillis() < 100) {
      problems.add("misfire.threshold: must be at least 100ms");
    }
  }
}
