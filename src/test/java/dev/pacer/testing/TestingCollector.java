package dev.pacer.testing;

import dev.pacer.run.collector.CollectRequest;
import dev.pacer.run.collector.Collector;

/** A collector a test defines in one line. */
public final class TestingCollector implements Collector {
  private final String name;
  private final Behaviour behaviour;

  public TestingCollector(String name, Behaviour behaviour) {
    this.name = name;
    this.behaviour = behaviour;
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public double collect(CollectRequest request) throws Exception {
    return behaviour.collect(request.item());
  }

  /** What the collector does for an item. */
  @FunctionalInterface
  public interface Behaviour {
    double collect(String item) throws Exception;
  }
}
