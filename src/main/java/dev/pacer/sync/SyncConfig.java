package dev.pacer.sync;

import dev.pacer.config.Config;
import dev.pacer.config.Validated;
import dev.pacer.settings.MisfirePolicy;
import java.time.Duration;
import java.util.List;

/** How the history table is mirrored into Quartz jobs. */
public final class SyncConfig implements Validated {
  private Duration interval = Duration.ofMillis(500);
  private MisfirePolicy misfirePolicy = MisfirePolicy.RUN_ONCE;

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

  @Override
  public void validate(List<String> problems) {
    if (interval.toMillis() < 100) {
      problems.add("sync.interval: must be at least 100ms");
    }
  }
}
