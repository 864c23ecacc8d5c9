package dev.pacer.run;

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
 * One collector call on a collector thread under a timeout. At the timeout, or when the node fences
 * itself, the collection ends as a failure and the collector's thread is interrupted; {@link
 * #exited} completes only when that thread has really left the collector, so the item's claim is
 * held until then and the item never runs twice at once, even past a collector that is slow to
 * stop. A collector that ignores interruption costs a thread, never a worker.
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
  private volatile Collected abandonedWith;

  Collection(
      Collector collector,
      CollectRequest request,
      Executor threads,
      ScheduledExecutorService timeouts,
      String noThread) {
    try {
      threads.execute(() -> collect(collector, request));
    } catch (RejectedExecutionException e) {
      result.complete(Collected.failure(noThread));
      exited.complete(null);
      return;
    }
    ScheduledFuture<?> deadline =
        timeouts.schedule(
            () -> stop("timeout", false), request.timeout().toMillis(), TimeUnit.MILLISECONDS);
    result.thenRun(() -> deadline.cancel(false));
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
