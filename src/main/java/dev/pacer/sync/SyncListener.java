package dev.pacer.sync;

import java.time.Duration;

/** Told of every sync tick on this node (metrics). An exception is logged and ignored. */
public interface SyncListener {
  /**
   * @param report what the tick did; {@link SyncService.SyncReport#leader()} is false on nodes that
   *     only refreshed their settings
   * @param took how long the tick took
   */
  void onTick(SyncService.SyncReport report, Duration took);
}
