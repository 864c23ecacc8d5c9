package dev.pacer.fence;

import static java.util.Objects.requireNonNull;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * The cluster's clock: this node's clock corrected by its measured skew from the database's (see
 * {@link ClockSkew}), so run times and lateness are the database's whatever this node's clock says.
 * A node off by more than {@code cluster.max-clock-skew} runs nothing at all, so the correction is
 * small.
 */
@Singleton
public final class ClusterClock extends Clock {
  private final ClockSkew skew;

  @Inject
  public ClusterClock(ClockSkew skew) {
    this.skew = requireNonNull(skew);
  }

  @Override
  public long millis() {
    return System.currentTimeMillis() - skew.skew().toMillis();
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
