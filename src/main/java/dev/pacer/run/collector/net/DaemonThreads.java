package dev.pacer.run.collector.net;

import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/** Names the few threads the network collectors keep; daemons, so they never hold a node up. */
public final class DaemonThreads {
  private DaemonThreads() {}

  /** Threads named {@code prefix1}, {@code prefix2}, ... */
  public static ThreadFactory named(String prefix) {
    AtomicInteger count = new AtomicInteger();
    return task -> {
      Thread thread = new Thread(task, prefix + count.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    };
  }
}
