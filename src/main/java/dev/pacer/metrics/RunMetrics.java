package dev.pacer.metrics;

import dev.pacer.run.RunListener;
import dev.pacer.run.RunRecord;
import dev.pacer.run.RunRecord.Outcome;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;

/**
 * The runs of this node: a count per outcome and histograms of how long runs took and how late they
 * started ({@code started_at - scheduled_at}).
 */
@Singleton
public final class RunMetrics implements RunListener {
  /** Bucket bounds for run durations and lateness: from "on time" to "a minute off". */
  static final Duration[] BUCKETS = {
    Duration.ofMillis(5),
    Duration.ofMillis(10),
    Duration.ofMillis(25),
    Duration.ofMillis(50),
    Duration.ofMillis(100),
    Duration.ofMillis(250),
    Duration.ofMillis(500),
    Duration.ofSeconds(1),
    Duration.ofMillis(2500),
    Duration.ofSeconds(5),
    Duration.ofSeconds(10),
    Duration.ofSeconds(30),
    Duration.ofSeconds(60)
  };

  private final Map<Outcome, Counter> runs = new EnumMap<>(Outcome.class);
  private final Timer duration;
  private final Timer lateness;

  @Inject
  public RunMetrics(MeterRegistry registry) {
    for (Outcome outcome : Outcome.values()) {
      runs.put(
          outcome,
          Counter.builder("pacer.runs")
              .description("Run attempts this node finished, by outcome")
              .tag("outcome", outcome.column())
              .register(registry));
    }
    duration =
        Timer.builder("pacer.run.duration")
            .description("How long runs took, from start to recorded result")
            .serviceLevelObjectives(BUCKETS)
            .register(registry);
    lateness =
        Timer.builder("pacer.run.lateness")
            .description("How late runs started after their scheduled time")
            .serviceLevelObjectives(BUCKETS)
            .register(registry);
  }

  @Override
  public void onRun(RunRecord run) {
    runs.get(run.outcome()).increment();
    duration.record(run.duration());
    // Clocks of two nodes may differ by a few milliseconds; early is on time.
    lateness.record(run.lateness().isNegative() ? Duration.ZERO : run.lateness());
  }
}
