package dev.pacer.run;

import static java.util.Objects.requireNonNull;

import dev.pacer.fence.Claim;

/** An attempt that may run, under the claim on its item it runs with. */
public record Claimed(Attempt attempt, Claim claim) {
  public Claimed {
    requireNonNull(attempt);
    requireNonNull(claim);
  }
}
