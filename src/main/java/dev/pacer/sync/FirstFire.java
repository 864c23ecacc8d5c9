package dev.pacer.sync;

import dev.pacer.history.HistoryRow;
import java.time.Duration;
import java.time.Instant;

/**
 * When an item's (re)scheduled trigger first fires: at {@code last_execution_time + interval},
 * keeping the item's phase, or, if that is already past, soon, spread by item name.
 */
final class FirstFire {
  private FirstFire() {}

  static Instant of(HistoryRow row, Instant now, Duration spreadMax) {
    Duration interval = Duration.ofSeconds(row.intervalSeconds());
    if (row.lastExecution() != null) {
      Instant due = row.lastExecution().plus(interval);
      if (!due.isBefore(now)) {
        return due;
      }
    }
    long window = Math.min(interval.toMillis(), spreadMax.toMillis());
    long offset = window <= 0 ? 0 : Math.floorMod(ItemKeys.spreadSeed(row.item()), window);
    return now.plusMillis(offset);
  }
}
