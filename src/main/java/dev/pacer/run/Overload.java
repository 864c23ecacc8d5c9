package dev.pacer.run;

import static java.util.Objects.requireNonNull;

import dev.pacer.fence.NodeLease;
import dev.pacer.health.Readiness;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.function.IntSupplier;
import java.util.function.LongSupplier;
import org.quartz.Trigger;
import org.quartz.listeners.TriggerListenerSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether this node keeps up: fires that Quartz could not make within {@code misfire.threshold} of
 * their time (over the last {@value #WINDOW_SECONDS} s), runs that wait to be recorded, collector
 * threads all busy. Each episode is one WARN naming what is short and what to change, and one INFO
 * when it ends, once the node has kept up for {@value #CALM_SECONDS} s (a backlog that hovers about
 * its bound is one episode, not a WARN and an INFO each second). The node is not ready ({@code
 * /health/ready}, {@code /health}) while a problem lasts.
 */
@Singleton
public final class Overload extends TriggerListenerSupport implements RunListener, Readiness {
  private static final Logger log = LoggerFactory.getLogger(Overload.class);
  static final int WINDOW_SECONDS = 10;

  /** How long the node keeps up before an episode ends. */
  static final int CALM_SECONDS = 5;

  /** Runs waiting to be recorded beyond which recording is behind. */
  private static final int RECORD_BACKLOG = 5_000;

  private final CollectorThreads threads;
  private final IntSupplier recording; // runs waiting to be recorded
  private final LongSupplier joined; // when this incarnation joined, epoch ms
  private final LongSupplier nanoTime;
  private final Deque<long[]> late = new ArrayDeque<>(); // {nanos, lateness ms}
  private boolean overloaded;
  private long calmSince; // nanos, while an episode's problems are gone

  @Inject
  Overload(CollectorThreads threads, RunRecording recording, NodeLease lease) {
    this(threads, recording::queued, lease::joinedAtMillis);
  }

  Overload(CollectorThreads threads, IntSupplier recording, LongSupplier joined) {
    this(threads, recording, joined, System::nanoTime);
  }

  Overload(
      CollectorThreads threads, IntSupplier recording, LongSupplier joined, LongSupplier nanoTime) {
    this.threads = requireNonNull(threads);
    this.recording = requireNonNull(recording);
    this.joined = requireNonNull(joined);
    this.nanoTime = requireNonNull(nanoTime);
  }

  @Override
  public String getName() {
    return "pacer-overload";
  }

  /**
   * A fire Quartz could not make on time: its misfire policy now applies. A fire due before this
   * incarnation joined (the node or the database was away, or the node fenced itself) says nothing
   * about whether the node keeps up, and is not counted.
   */
  @Override
  public synchronized void triggerMisfired(Trigger trigger) {
    long due = trigger.getNextFireTime().getTime();
    if (due < joined.getAsLong()) {
      return;
    }
    late.addLast(new long[] {nanoTime.getAsLong(), System.currentTimeMillis() - due});
    problems();
  }

  /** Notes the start or end of an episode as runs end. */
  @Override
  public void onRun(RunRecord run) {
    problems();
  }

  @Override
  public synchronized List<String> problems() {
    long now = nanoTime.getAsLong();
    long horizon = now - Duration.ofSeconds(WINDOW_SECONDS).toNanos();
    while (!late.isEmpty() && late.peekFirst()[0] < horizon) {
      late.removeFirst();
    }
    List<String> problems = new ArrayList<>();
    if (late.size() >= 3) {
      long worst = late.stream().mapToLong(entry -> entry[1]).max().orElse(0);
      problems.add(
          "runs: "
              + late.size()
              + " fires came more than misfire.threshold late in the last "
              + WINDOW_SECONDS
              + " s (the latest "
              + worst
              + " ms)");
    }
    int queued = recording.getAsInt();
    if (queued > RECORD_BACKLOG) {
      problems.add("runs: " + queued + " wait to be recorded (the database is slow)");
    }
    if (threads.full()) {
      problems.add(
          "collectors: every collector thread is busy ("
              + threads.busy()
              + "), most of them past their timeout and ignoring interruption");
    }
    if (!problems.isEmpty()) {
      calmSince = 0;
      if (!overloaded) {
        overloaded = true;
        log.warn(
            "This node does not keep up: {}. Check the database's load and the collectors' time;"
                + " add nodes, or raise scheduler.threads if collector threads are short",
            String.join("; ", problems));
      }
    } else if (overloaded) {
      if (calmSince == 0) {
        calmSince = now | 1; // never 0
      } else if (now - calmSince >= Duration.ofSeconds(CALM_SECONDS).toNanos()) {
        overloaded = false;
        calmSince = 0;
        log.info("This node keeps up again");
      }
    }
    return problems;
  }
}
