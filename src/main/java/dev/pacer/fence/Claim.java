package dev.pacer.fence;

import static java.util.Objects.requireNonNull;

/**
 * A run's hold on its item: the token this node's incarnation {@code epoch} wrote into the item's
 * {@code pacer_claim} row. Recording the run and releasing the item are conditioned on the row
 * still holding exactly this; a node whose claim was taken over can change nothing of the item.
 */
public record Claim(String item, String owner, long epoch, long token) {
  public Claim {
    requireNonNull(item);
    requireNonNull(owner);
  }
}
