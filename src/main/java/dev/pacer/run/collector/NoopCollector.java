package dev.pacer.run.collector;

/** Returns at once: measures the scheduler itself, for benchmarks. */
public final class NoopCollector implements Collector {
  @Override
  public String name() {
    return "noop";
  }

  @Override
  public double collect(CollectRequest request) {
    return 0;
  }
}
