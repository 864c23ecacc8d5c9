package dev.pacer.run.collector;

import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * The future an {@link AsyncCollector} returns when it waits for several things in turn (a name
 * lookup, a connection, a response): cancelling it cancels the wait in progress and starts no
 * further step. A plain {@code thenCompose} chain does not do that: cancelling the last future
 * leaves the one it waits on running.
 *
 * @param <T> the collector's value
 */
public final class Steps<T> {
  private final CompletableFuture<T> result = new CompletableFuture<>();
  private final Object lock = new Object();
  private CompletableFuture<?> current;

  public Steps() {
    result.whenComplete(
        (value, error) -> {
          if (result.isCancelled()) {
            cancelCurrent();
          }
        });
  }

  /** What the collector returns; complete it with the value or the failure. */
  public CompletableFuture<T> result() {
    return result;
  }

  /**
   * Starts the next wait, unless the result is already complete, and cancels it with the result.
   *
   * @param step starts the wait; the future it returns must stop what it waits for when cancelled
   */
  public <S> CompletableFuture<S> next(Supplier<CompletableFuture<S>> step) {
    if (result.isDone()) {
      return CompletableFuture.failedFuture(new CancellationException("the collection ended"));
    }
    CompletableFuture<S> started;
    try {
      started = step.get();
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
    synchronized (lock) {
      current = started;
    }
    if (result.isCancelled()) {
      started.cancel(true); // cancelled while it started: the listener may have missed it
    }
    return started;
  }

  private void cancelCurrent() {
    CompletableFuture<?> step;
    synchronized (lock) {
      step = current;
    }
    if (step != null) {
      step.cancel(true);
    }
  }
}
