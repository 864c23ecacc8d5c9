package dev.pacer.run;

import static java.util.Objects.requireNonNull;

import dev.pacer.fence.FenceListener;
import dev.pacer.run.ItemRunner.Ran;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records runs as they end, a few at a time: each run is queued when it ends, and {@value #THREADS}
 * threads of their own record what has queued, each in transactions of up to {@value #BATCH} runs
 * at most {@value #GATHER_MILLIS} ms after the first of them ended. One slow run never holds up
 * another's record, and many runs ending together cost a few transactions, not one each. While one
 * thread waits for the database to write a batch, the other gathers the next (an item's runs are
 * never in two batches at once: its next run waits for its claim, which the record frees).
 */
@Singleton
public final class RunRecording implements AutoCloseable, FenceListener {
  private static final Logger log = LoggerFactory.getLogger(RunRecording.class);
  private static final int BATCH = 500;
  private static final long GATHER_MILLIS = 20;
  private static final int THREADS = 2;

  private final RunRecorder recorder;
  private final LinkedBlockingQueue<Pending> queue = new LinkedBlockingQueue<>();
  private final List<Thread> threads = new ArrayList<>();
  private final Object gathering = new Object();
  private final AtomicInteger unrecorded = new AtomicInteger();
  private volatile boolean closed;

  private record Pending(Ran ran, CompletableFuture<RunRecord> recorded) {}

  @Inject
  public RunRecording(RunRecorder recorder) {
    this.recorder = requireNonNull(recorder);
    for (int i = 1; i <= THREADS; i++) {
      Thread thread = new Thread(this::recordQueued, "pacer-record-" + i);
      thread.setDaemon(true);
      thread.start();
      threads.add(thread);
    }
  }

  /**
   * Queues a run to be recorded.
   *
   * @return the run as recorded (as a failure, if history refused its result; as it is, if it waits
   *     for the database), or null if it was not recorded (the node gave it up, or another node had
   *     taken its item over)
   */
  public CompletableFuture<RunRecord> record(Ran ran) {
    CompletableFuture<RunRecord> recorded = new CompletableFuture<>();
    unrecorded.incrementAndGet();
    recorded.whenComplete((run, failure) -> unrecorded.decrementAndGet());
    if (closed) {
      recorded.complete(record(List.of(ran)).get(ran));
    } else {
      queue.add(new Pending(ran, recorded));
    }
    return recorded;
  }

  /**
   * Whether every run queued here has had its record tried: one sent as the database went away may
   * wait for the answer until its statement's time runs out. Until then a fenced node does not
   * rejoin (the runs that could not be recorded then wait in {@link RunRecorder}, which says so).
   */
  @Override
  public boolean settled() {
    int left = unrecorded.get();
    if (left == 0) {
      return true;
    }
    log.info("Waiting to rejoin until {} records of its earlier incarnation end", left);
    return false;
  }

  /** Runs that ended and wait to be recorded. */
  public int queued() {
    return queue.size();
  }

  private void recordQueued() {
    List<Pending> batch = new ArrayList<>();
    while (!closed || !queue.isEmpty()) {
      try {
        gather(batch);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
      if (batch.isEmpty()) {
        continue;
      }
      Map<Ran, RunRecord> recorded;
      try {
        recorded = record(batch.stream().map(Pending::ran).toList());
      } catch (RuntimeException e) {
        log.error("Recording {} runs failed: {}", batch.size(), e.toString());
        recorded = Map.of();
      }
      for (Pending pending : batch) {
        pending.recorded().complete(recorded.get(pending.ran()));
      }
      batch.clear();
    }
  }

  /**
   * Gathers the next batch: one thread at a time, so that the threads take turns (one gathers while
   * the other writes) rather than split the runs of one moment into two transactions.
   */
  private void gather(List<Pending> batch) throws InterruptedException {
    synchronized (gathering) {
      Pending first = queue.poll(100, TimeUnit.MILLISECONDS);
      if (first == null) {
        return;
      }
      batch.add(first);
      long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(GATHER_MILLIS);
      while (batch.size() < BATCH) {
        Pending next = queue.poll(Math.max(0, until - System.nanoTime()), TimeUnit.NANOSECONDS);
        if (next == null) {
          return;
        }
        batch.add(next);
      }
    }
  }

  private Map<Ran, RunRecord> record(List<Ran> runs) {
    return recorder.record(runs);
  }

  /** Records what is queued, then stops. */
  @Override
  public void close() {
    closed = true;
    try {
      for (Thread thread : threads) {
        thread.join(10_000);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
