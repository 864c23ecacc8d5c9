package dev.pacer.sync;

import dev.pacer.config.Config;
import dev.pacer.config.Validated;
import dev.pacer.settings.MisfirePolicy;
import java.time.Duration;
import java.util.List;

/** How the history table is mirrored into Quartz jobs. */
public final class SyncConfig implements Validated {
  private Duration interval = Duration.ofMillis(500);
  private Duration maxLag = Duration.ofSeconds(30);
  private MisfirePolicy misfirePolicy = MisfirePolicy.RUN_ONCE;
  private ChangeCapture changeCapture = ChangeCapture.AUTO;

  /** How the sync finds the rows that changed since its last tick. */
  public enum ChangeCapture {
    /** The binary log where the server writes one in row format and sends it to Pacer. */
    AUTO,
    /** The binary log, and a warning where the server cannot give it. */
    BINLOG,
    /** Checksums of the table and its buckets, computed by the server: Pacer adds nothing. */
    CHECKSUM,
    /** Triggers on the history table that log each change in {@code pacer_change}. */
    TRIGGERS
  }

  public Duration getInterval() {
    return interval;
  }

  @Config(
      value = "sync.interval",
      description =
          "How often the history table is compared with the scheduled jobs; an INSERT, UPDATE"
              + " or DELETE takes effect within about this long")
  public void setInterval(Duration interval) {
    this.interval = interval;
  }

  public Duration getMaxLag() {
    return maxLag;
  }

  @Config(
      value = "sync.max-lag",
      description =
          "A node whose last successful sync tick is older than this is not ready: /health/ready"
              + " answers 503 and /health is unhealthy")
  public void setMaxLag(Duration maxLag) {
    this.maxLag = maxLag;
  }

  public MisfirePolicy getMisfirePolicy() {
    return misfirePolicy;
  }

  @Config(
      value = "misfire.policy",
      description =
          "What a late item does, unless pacer_item says otherwise: run-once (run now, then"
              + " keep the cadence), skip (wait for the next slot), catch-up (run every missed"
              + " slot)")
  public void setMisfirePolicy(MisfirePolicy misfirePolicy) {
    this.misfirePolicy = misfirePolicy;
  }

  public ChangeCapture getChangeCapture() {
    return changeCapture;
  }

  @Config(
      value = "sync.change-capture",
      description =
          "How the sync finds changed rows: auto (the server's binary log where it is written"
              + " in row format, binlog_format=ROW, and Pacer's user has REPLICATION SLAVE and"
              + " REPLICATION CLIENT, else checksum), binlog (the same, warning where it cannot),"
              + " checksum (aggregate queries over the table, nothing added to it) or triggers"
              + " (Pacer adds three triggers to the history table that log each change in"
              + " pacer_change); with the binary log or triggers a tick takes milliseconds"
              + " whatever the table's size (MySQL and MariaDB only, see docs/performance.md)")
  public void setChangeCapture(ChangeCapture changeCapture) {
    this.changeCapture = changeCapture;
  }

  @Override
  public void validate(List<String> problems) {
    if (interval.toMillis() < 100) {
      problems.add("sync.interval: must be at least 100ms");
    }
    if (maxLag.compareTo(interval) <= 0) {
      problems.add(
          "sync.max-lag: must be longer than sync.interval (" + interval.toMillis() + "ms)");
    }
  }
}
