package dev.pacer.health;

import static java.util.Objects.requireNonNull;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Whether a loop's thread, known by its name, still makes progress, without the loop's help. A loop
 * waits between passes (a scheduled executor's queue, Quartz's idle wait), and the JVM counts every
 * wait a thread enters; a thread whose count stays put for {@code stuckAfter} is stuck inside one
 * pass: in a read that never returns, on a lock never released. A loop that fails every pass fast
 * still waits between passes, so it is not stuck. Threads that are not there (the loop has not
 * started yet, or has stopped) are not judged. Its instant is taken at each call, so a stuck thread
 * is seen by the second call at least {@code stuckAfter} after the first.
 */
public final class LoopThread {
  private final String loop;
  private final String threadName;
  private final Duration stuckAfter;
  private final Clock clock;
  private final Map<Long, Seen> seen = new HashMap<>();

  /**
   * @param loop what the loop is, for the problem's text ({@code "sync"})
   * @param stuckAfter longer than the loop's longest wait between passes
   */
  public LoopThread(String loop, String threadName, Duration stuckAfter, Clock clock) {
    this.loop = requireNonNull(loop);
    this.threadName = requireNonNull(threadName);
    this.stuckAfter = requireNonNull(stuckAfter);
    this.clock = requireNonNull(clock);
  }

  private record Seen(long waits, Instant since) {}

  public synchronized List<String> problems() {
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    Instant now = clock.instant();
    Map<Long, Seen> current = new HashMap<>();
    List<String> problems = new ArrayList<>();
    for (ThreadInfo thread : threads.getThreadInfo(threads.getAllThreadIds())) {
      if (thread == null || !thread.getThreadName().equals(threadName)) {
        continue;
      }
      long waits = thread.getWaitedCount() + thread.getBlockedCount();
      Seen before = seen.get(thread.getThreadId());
      Seen last = before != null && before.waits() == waits ? before : new Seen(waits, now);
      current.put(thread.getThreadId(), last);
      Duration still = Duration.between(last.since(), now);
      if (still.compareTo(stuckAfter) > 0) {
        problems.add(
            String.format(
                "%s: stuck for %d s (thread %s %s)",
                loop, still.toSeconds(), threadName, thread.getThreadState()));
      }
    }
    seen.clear();
    seen.putAll(current);
    return problems;
  }
}
