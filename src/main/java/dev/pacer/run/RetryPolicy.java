package dev.pacer.run;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Bounded attempts with exponential back-off: attempt n+1 starts {@code backoff * 2^(n-1)} after
 * attempt n failed, but only if that is before the item's next regular slot. The regular cadence
 * always wins: a failing item never falls behind its own schedule.
 */
public record RetryPolicy(int maxAttempts, Duration backoff) {
  public RetryPolicy {
    requireNonNull(backoff);
  }

  /**
   * @param attempt the attempt that just failed, from 1
   * @param nextSlot the item's next regular fire time, or null if there is none to respect
   * @return when to start the next attempt, or empty if this failure is final
   */
  public Optional<Instant> nextAttempt(int attempt, Instant failedAt, Instant nextSlot) {
    if (attempt >= maxAttempts) {
      return Optional.empty();
    }
    Instant at = failedAt.plus(backoff.multipliedBy(1L << Math.min(attempt - 1, 20)));
    return nextSlot == null || at.isBefore(nextSlot) ? Optional.of(at) : Optional.empty();
  }
}
