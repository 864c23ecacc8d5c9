package dev.pacer.run;

import dev.pacer.run.collector.AsyncCollector;
import dev.pacer.run.collector.CollectException;
import dev.pacer.run.collector.CollectRequest;
import dev.pacer.run.collector.Collector;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * One collector call under a timeout: on a collector thread, or without one for an {@link
 * AsyncCollector}. At the timeout, or when the node fences itself, the collection ends as a failure
 * and the collector is interrupted (its future cancelled); {@link #exited} completes only when the
 * collector has really stopped, so the item's claim is held until then and the item never runs
 * twice at once, even past a collector that is slow to stop. A collector that ignores interruption
 * costs a thread, never a worker.
 */
final class Collection {
  /** The collection's outcome: its value, or why it has none. */
  record Collected(Double value, String error) {
    static Collected failure(String error) {
      return new Collected(null, error);
    }
  }

  final CompletableFuture<Collected> result = new CompletableFuture<>();
  final CompletableFuture<Void> exited = new CompletableFuture<>();
  private final Object lock = new Object();
  private Thread thread;
  private CompletableFuture<Double> pending;
  private volatile Collected abandonedWith;

  Collection(
      Collector collector,
      CollectRequest request,
      Executor threads,
      ScheduledExecutorService timeouts,
      String noThread) {
    if (collector instanceof AsyncCollector async) {
      collectAsync(async, request, threads);
    } else {
      try {
        threads.execute(() -> collect(collector, request));
      } catch (RejectedExecutionException e) {
        result.complete(Collected.failure(noThread));
        exited.complete(null);
        return;
      }
    }
    ScheduledFuture<?> deadline =
        timeouts.schedule(
            () -> stop("timeout", false), request.timeout().toMillis(), TimeUnit.MILLISECONDS);
    result.thenRun(() -> deadline.cancel(false));
  }

  /**
   * A collection without a thread: stopping it cancels the collector's future, which stops what it
   * waits for. What follows the outcome runs on {@code threads}, not on the collector's own (a
   * timer's, a client's).
   */
  private void collectAsync(AsyncCollector collector, CollectRequest request, Executor threads) {
    CompletableFuture<Double> value;
    try {
      value = collector.collectAsync(request);
    } catch (RuntimeException e) {
      value = CompletableFuture.failedFuture(e);
    }
    CompletableFuture<Double> started = value;
    synchronized (lock) {
      pending = started;
    }
    started.whenCompleteAsync(
        (collected, error) -> {
          exited.complete(null);
          result.complete(
              error == null ? value(collected) : Collected.failure(describe(unwrap(error))));
        },
        threads);
  }

  private static Throwable unwrap(Throwable error) {
    return error instanceof java.util.concurrent.CompletionException && error.getCause() != null
        ? error.getCause()
        : error;
  }

  private void collect(Collector collector, CollectRequest request) {
    synchronized (lock) {
      if (result.isDone()) {
        exited.complete(null); // stopped before it started
        return;
      }
      thread = Thread.currentThread();
    }
    Collected collected;
    try {
      collected = value(collector.collect(request));
    } catch (InterruptedException e) {
      collected = Collected.failure("interrupted");
    } catch (Exception e) {
      collected = Collected.failure(describe(e));
    } finally {
      synchronized (lock) {
        thread = null;
        Thread.interrupted(); // an interruption meant for this collection stays with it
      }
    }
    exited.complete(null); // first: a collector that returned has left, its item is free
    result.complete(collected);
  }

  /**
   * Ends the collection now as a failure and interrupts its collector.
   *
   * @param abandon whether the node gives the run up (fenced): it is then not recorded at all
   */
  void stop(String why, boolean abandon) {
    Collected stopped = Collected.failure(why);
    if (abandon) {
      abandonedWith = stopped; // before the outcome: what follows it asks abandoned()
    }
    if (result.complete(stopped)) {
      synchronized (lock) {
        if (thread != null) {
          thread.interrupt();
        }
        if (pending != null) {
          pending.cancel(true); // its collector stops waiting; exited follows
        }
      }
    }
  }

  /** Whether the collection was given up (fenced) before it ended by itself. */
  boolean abandoned() {
    Collected given = abandonedWith;
    return given != null && result.getNow(null) == given;
  }

  /** Waits for the outcome; an interrupted waiter stops the collection. */
  Collected await() {
    try {
      return result.get();
    } catch (InterruptedException e) {
      stop("interrupted", false);
      Thread.currentThread().interrupt();
      return result.join();
    } catch (java.util.concurrent.ExecutionException e) {
      throw new IllegalStateException(e.getCause()); // never: result is completed normally
    }
  }

  private static Collected value(double value) {
    if (!Float.isFinite((float) value)) {
      return Collected.failure("value " + value + " does not fit the FLOAT result column");
    }
    return new Collected(value, null);
  }

  private static String describe(Throwable error) {
    String message = error.getMessage();
    if (error instanceof CollectException && message != null) {
      return message;
    }
    return message == null || message.isBlank()
        ? error.getClass().getSimpleName()
        : error.getClass().getSimpleName() + ": " + message;
  }
}
