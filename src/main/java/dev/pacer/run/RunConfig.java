package dev.pacer.run;

import dev.pacer.config.Config;
import dev.pacer.config.Validated;
import dev.pacer.settings.ItemSettings;
import java.time.Duration;
import java.util.List;

/** How items are collected. */
public final class RunConfig implements Validated {
  private String defaultCollector = "demo";
  private Duration minTimeout = Duration.ofSeconds(10);
  private Duration maxTimeout = Duration.ofMinutes(1);
  private int maxAttempts = 1;
  private Duration retryBackoff = Duration.ofSeconds(1);
  private Duration retention = Duration.ofDays(7);

  public String getDefaultCollector() {
    return defaultCollector;
  }

  @Config(
      value = "collector.default",
      description =
          "Collector for items without their own setting: demo (the seed's mock), noop, http,"
              + " tcp, sql, command, file, or a plug-in's")
  public void setDefaultCollector(String defaultCollector) {
    this.defaultCollector = defaultCollector;
  }

  public Duration getMinTimeout() {
    return minTimeout;
  }

  @Config(
      value = "run.min-timeout",
      description =
          "Lower bound of a run's timeout: a run may outlast a short interval (the missed slots"
              + " follow the misfire policy)")
  public void setMinTimeout(Duration minTimeout) {
    this.minTimeout = minTimeout;
  }

  public Duration getMaxTimeout() {
    return maxTimeout;
  }

  @Config(
      value = "run.max-timeout",
      description =
          "Upper bound of a run's timeout; by default a run may take its item's interval, at"
              + " least run.min-timeout and at most this")
  public void setMaxTimeout(Duration maxTimeout) {
    this.maxTimeout = maxTimeout;
  }

  public int getMaxAttempts() {
    return maxAttempts;
  }

  @Config(
      value = "retry.max-attempts",
      description =
          "Attempts per slot unless pacer_item.max_attempts says otherwise; 1 means no retry")
  public void setMaxAttempts(int maxAttempts) {
    this.maxAttempts = maxAttempts;
  }

  public Duration getRetryBackoff() {
    return retryBackoff;
  }

  @Config(
      value = "retry.backoff",
      description =
          "Pause before the second attempt, doubled for each further one; a retry that would"
              + " not start before the item's next slot is not made")
  public void setRetryBackoff(Duration retryBackoff) {
    this.retryBackoff = retryBackoff;
  }

  public Duration getRetention() {
    return retention;
  }

  @Config(
      value = "run-log.retention",
      description =
          "pacer_run rows older than this (by started_at) are deleted, in chunks, by the node"
              + " that leads the sync, and the pacer_last_run rows of items that have not run"
              + " since; 0 keeps them forever")
  public void setRetention(Duration retention) {
    this.retention = retention;
  }

  /** The item's own retry settings, or these defaults. */
  public RetryPolicy retryPolicy(ItemSettings item) {
    return new RetryPolicy(
        item.maxAttempts() != null ? item.maxAttempts() : maxAttempts,
        item.retryBackoff() != null ? item.retryBackoff() : retryBackoff);
  }

  /** A run may take its interval, but at least {@code run.min-timeout}, at most the maximum. */
  public Duration timeoutFor(int intervalSeconds) {
    Duration interval = Duration.ofSeconds(Math.max(0, intervalSeconds));
    if (interval.compareTo(minTimeout) < 0) {
      return minTimeout;
    }
    return interval.compareTo(maxTimeout) > 0 ? maxTimeout : interval;
  }

  @Override
  public void validate(List<String> problems) {
    if (defaultCollector.isBlank()) {
      problems.add("collector.default: must name a collector");
    }
    if (maxAttempts < 1 || maxAttempts > 100) {
      problems.add("retry.max-attempts: " + maxAttempts + " is not between 1 and 100");
    }
    if (retryBackoff.toMillis() < 1) {
      problems.add("retry.backoff: must be positive");
    }
    if (retention.isNegative()) {
      problems.add("run-log.retention: must not be negative");
    }
    if (minTimeout.toMillis() < 100) {
      problems.add("run.min-timeout: must be at least 100ms");
    }
    if (maxTimeout.compareTo(minTimeout) < 0) {
      problems.add("run.max-timeout: must not be below run.min-timeout");
    }
  }
}
