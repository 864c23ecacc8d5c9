package dev.pacer.run.collector;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/**
 * A collector that waits without holding a thread (a timer, a non-blocking client): thousands of
 * collections can be in flight on one node. The runner calls {@link #collectAsync}; at the timeout
 * it cancels the returned future, and the collector must then stop waiting for whatever it waits
 * for (close the connection, cancel the request). A plain {@link Collector} works too: it runs on a
 * thread of its own.
 */
public interface AsyncCollector extends Collector {
  /**
   * Starts collecting.
   *
   * @return completes with the value, or exceptionally with the failure (a {@link
   *     CollectException}'s message is the whole error)
   */
  CompletableFuture<Double> collectAsync(CollectRequest request);

  /** The same, waiting: for callers that have a thread to spare (checks, tests). */
  @Override
  default double collect(CollectRequest request) throws Exception {
    CompletableFuture<Double> value = collectAsync(request);
    try {
      return value.get();
    } catch (InterruptedException e) {
      value.cancel(true);
      throw e;
    } catch (ExecutionException e) {
      throw e.getCause() instanceof Exception cause ? cause : e;
    }
  }
}
