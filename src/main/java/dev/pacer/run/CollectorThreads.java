package dev.pacer.run;

import dev.pacer.cluster.ClusterConfig;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.lang.reflect.Method;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The threads that blocking collectors run on (an {@link dev.pacer.run.collector.AsyncCollector}
 * needs none). On a JDK with virtual threads (21 and later) each collection gets a virtual thread,
 * so thousands can wait at once without holding a platform thread; otherwise a pool of platform
 * threads, capped so that collectors ignoring their interruption cannot take the node's memory:
 * past the cap a run fails at once, saying so.
 */
@Singleton
public final class CollectorThreads implements Executor, AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(CollectorThreads.class);

  private final ExecutorService executor;
  private final int cap;
  private final AtomicInteger busy = new AtomicInteger();
  private final AtomicInteger names = new AtomicInteger();

  /**
   * Each blocking collection in flight takes a thread; past the timeout a collector that ignores
   * its interruption still holds it: four per worker thread and 100 more, enough slack but bounded.
   */
  @Inject
  CollectorThreads(ClusterConfig cluster) {
    this(cluster.getThreads() * 4 + 100);
  }

  CollectorThreads(int cap) {
    ExecutorService virtual = virtualThreads();
    this.executor =
        virtual != null
            ? virtual
            : new ThreadPoolExecutor(
                0,
                cap,
                60,
                TimeUnit.SECONDS,
                new SynchronousQueue<>(),
                task -> {
                  Thread thread = new Thread(task, "pacer-collect-" + names.incrementAndGet());
                  thread.setDaemon(true);
                  return thread;
                });
    this.cap = virtual != null ? Integer.MAX_VALUE : cap;
    log.debug(
        "Blocking collectors run on {}", virtual != null ? "virtual threads" : "platform threads");
  }

  /** {@code Executors.newVirtualThreadPerTaskExecutor()} where the JDK has it, else null. */
  private static ExecutorService virtualThreads() {
    try {
      Method factory =
          java.util.concurrent.Executors.class.getMethod("newVirtualThreadPerTaskExecutor");
      return (ExecutorService) factory.invoke(null);
    } catch (ReflectiveOperationException e) {
      return null; // a JDK before 21
    }
  }

  @Override
  public void execute(Runnable task) {
    busy.incrementAndGet();
    try {
      executor.execute(
          () -> {
            try {
              task.run();
            } finally {
              busy.decrementAndGet();
            }
          });
    } catch (RejectedExecutionException e) {
      busy.decrementAndGet();
      throw e;
    }
  }

  /** Collections on a thread now. */
  public int busy() {
    return busy.get();
  }

  /** How many may be at once (unbounded on virtual threads). */
  public int cap() {
    return cap;
  }

  /** Whether every thread is taken: a further blocking collection fails at once. */
  public boolean full() {
    return busy.get() >= cap;
  }

  @Override
  public void close() {
    executor.shutdownNow();
  }
}
