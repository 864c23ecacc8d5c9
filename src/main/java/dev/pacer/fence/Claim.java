package dev.pacer.fence;

import static java.util.Objects.requireNonNull;

/**
 * A run's hold on its item, taken by this node's incarnation {@code epoch} with {@code token}:
 * either its group's fire ({@code fire} names the group; {@code pacer_fire} holds the token) or the
 * item's own {@code pacer_claim} row ({@code fire} is null). A fire's hold on a member can be
 * carried into the member's row under the same owner and token ({@link FireClaims}), so recording
 * looks there when the fire no longer holds the token. Recording the run and releasing the item are
 * conditioned on one of them still holding exactly this; a node whose claim was taken over can
 * change nothing of the item.
 */
public record Claim(String item, String owner, long epoch, long token, String fire) {
  public Claim {
    requireNonNull(item);
    requireNonNull(owner);
  }

  /** A claim of the item's own row. */
  public Claim(String item, String owner, long epoch, long token) {
    this(item, owner, epoch, token, null);
  }
}
