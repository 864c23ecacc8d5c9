package dev.pacer.run.collector;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * The seed's {@code monitoring_task}: waits 0-3 s at random and returns 100 + 10 x that random
 * number, standing in for a real check. It waits on a timer, not a thread: a node can have
 * thousands of them in flight.
 */
public final class DemoCollector implements AsyncCollector {
  @Override
  public String name() {
    return "demo";
  }

  @Override
  public CompletableFuture<Double> collectAsync(CollectRequest request) {
    double random = ThreadLocalRandom.current().nextDouble();
    return CompletableFuture.supplyAsync(
        () -> 100.0 + random * 10,
        CompletableFuture.delayedExecutor(
            (long) (random * 3000), TimeUnit.MILLISECONDS, Runnable::run));
  }
}
