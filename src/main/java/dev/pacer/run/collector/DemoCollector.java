package dev.pacer.run.collector;

import java.util.concurrent.ThreadLocalRandom;

/**
 * The seed's {@code monitoring_task}: waits 0-3 s at random and returns 100 + 10 x that random
 * number, standing in for a real check.
 */
public final class DemoCollector implements Collector {
  @Override
  public String name() {
    return "demo";
  }

  @Override
  public double collect(CollectRequest request) throws InterruptedException {
    double random = ThreadLocalRandom.current().nextDouble();
    Thread.sleep((long) (random * 3000));
    return 100.0 + random * 10;
  }
}
