package dev.pacer.metrics;

import dev.pacer.fence.Claims;
import dev.pacer.fence.ClockSkew;
import dev.pacer.fence.SelfFence;
import dev.pacer.run.RunRecorder;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;

/** This node's standing in the cluster: its clock, whether it is fenced, its claims. */
@Singleton
public final class FenceMetrics {
  @Inject
  public FenceMetrics(
      MeterRegistry registry,
      ClockSkew skew,
      SelfFence fence,
      Claims claims,
      RunRecorder recorder) {
    Gauge.builder("pacer.clock.skew", skew, s -> s.skew().toMillis() / 1000.0)
        .baseUnit("seconds")
        .description("This node's clock minus the database's, as measured at lease renewals")
        .register(registry);
    Gauge.builder("pacer.fenced", fence, f -> f.fencedBecause() == null ? 0 : 1)
        .description("1 while this node is fenced (runs nothing until it rejoins)")
        .register(registry);
    FunctionCounter.builder("pacer.claims.refused", claims, Claims::refused)
        .description(
            "Runs not started because their item was still running, or this node could not run")
        .register(registry);
    FunctionCounter.builder("pacer.claims.taken.over", claims, Claims::takenOver)
        .description("Items taken over from nodes whose lease had lapsed")
        .register(registry);
    Gauge.builder("pacer.runs.waiting", recorder, RunRecorder::waiting)
        .description("Runs that ended while the database was away, to be recorded when it returns")
        .register(registry);
    FunctionCounter.builder("pacer.runs.superseded", recorder, RunRecorder::superseded)
        .description("Runs not recorded because another node had taken their item over")
        .register(registry);
  }
}
