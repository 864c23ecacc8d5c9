package dev.pacer.overview;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.time.Instant;

/**
 * A node of the cluster as its check-ins show it.
 *
 * @param lastCheckin its last check-in, from Quartz's table or, once Quartz dropped its row, as
 *     Pacer remembered it
 * @param silent whether it missed its check-ins for longer than Quartz allows before it declares a
 *     node dead
 */
public record Member(String node, Instant lastCheckin, Duration checkinInterval, boolean silent) {
  /** Quartz's own grace on top of the check-in interval before it declares a node dead. */
  public static final Duration CHECKIN_GRACE = Duration.ofMillis(7500);

  public Member {
    requireNonNull(node);
    requireNonNull(lastCheckin);
    requireNonNull(checkinInterval);
  }

  /** Whether a check-in at {@code lastCheckin} is too old at {@code now}. */
  public static boolean silentAt(Instant lastCheckin, Duration checkinInterval, Instant now) {
    return lastCheckin.plus(checkinInterval).plus(CHECKIN_GRACE).isBefore(now);
  }

  public String status() {
    return silent ? "silent" : "up";
  }
}
