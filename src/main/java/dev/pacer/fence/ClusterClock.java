package dev.pacer.fence;

import static java.util.Objects.requireNonNull;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The cluster's clock: the database's time as last measured, carried forward with this node's
 * monotonic clock (see {@link ClockSkew}), so run times and lateness are the database's whatever
 * this node's wall clock says; this node's wall clock until the first measurement.
 */
@Singleton
public final class ClusterClock extends Clock {
  private final ClockSkew skew;
  private final AtomicLong latest = new AtomicLong();

  @Inject
  public ClusterClock(ClockSkew skew) {
    this.skew = requireNonNull(skew);
  }

  /**
   * Never earlier than a time it gave before: a new measurement may set the database's time a few
   * milliseconds back, but a run must not seem to start before its slot.
   */
  @Override
  public long millis() {
    long database = skew.databaseMillis();
    long now = database < 0 ? System.currentTimeMillis() : database;
    return latest.accumulateAndGet(now, Math::max);
  }

  @Override
  public Instant instant() {
    return Instant.ofEpochMilli(millis());
  }

  @Override
  public ZoneId getZone() {
    return ZoneOffset.UTC;
  }

  @Override
  public Clock withZone(ZoneId zone) {
    if (zone.equals(ZoneOffset.UTC)) {
      return this;
    }
    throw new UnsupportedOperationException("Pacer's clock is UTC");
  }
}
