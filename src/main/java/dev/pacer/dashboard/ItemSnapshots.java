package dev.pacer.dashboard;

import static java.util.Objects.requireNonNull;

import dev.pacer.overview.ItemOverview;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * The latest {@link ItemSnapshot}, read again once it is older than {@link #MAX_AGE}. Reading every
 * item costs tens of milliseconds at 10,000 items; the open dashboards' refreshes, page turns and
 * searches within that second share one read, and requests that arrive during a read wait for it
 * instead of starting their own.
 */
@Singleton
final class ItemSnapshots {
  static final Duration MAX_AGE = Duration.ofSeconds(1);

  private final ItemOverview overview;
  private final Clock clock;
  private ItemSnapshot latest;

  @Inject
  ItemSnapshots(ItemOverview overview, Clock clock) {
    this.overview = requireNonNull(overview);
    this.clock = requireNonNull(clock);
  }

  synchronized ItemSnapshot current() throws SQLException {
    Instant now = clock.instant();
    if (latest == null || now.isBefore(latest.at()) || !now.isBefore(latest.at().plus(MAX_AGE))) {
      latest = ItemSnapshot.of(overview.all(), now);
    }
    return latest;
  }
}
