package dev.pacer.health;

import static java.util.Objects.requireNonNull;

import dev.pacer.db.DatabaseWatch;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.util.List;

/**
 * The database, /health's {@code metadatabase}: ready while the watch reaches it, live while the
 * watch's own loop (one check a second) progresses.
 */
@Singleton
final class DatabaseProbe implements Readiness, Liveness {
  private final DatabaseWatch watch;
  private final LoopThread loop;

  @Inject
  DatabaseProbe(DatabaseWatch watch, HealthConfig config, Clock clock) {
    this.watch = requireNonNull(watch);
    this.loop = new LoopThread("database watch", "pacer-db-watch", config.getStuckAfter(), clock);
  }

  @Override
  public List<String> problems() {
    return watch.reachable()
        ? List.of()
        : List.of("database: unreachable (" + watch.reason() + ")");
  }

  @Override
  public List<String> stuck() {
    return loop.problems();
  }
}
