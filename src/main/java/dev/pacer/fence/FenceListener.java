package dev.pacer.fence;

/** A part of the node that must act when the node fences itself or its database answers again. */
public interface FenceListener {
  /** The node fenced itself: stop what is in flight; its claims are about to be taken over. */
  default void fenced(String reason) {}

  /**
   * The database answered a lease renewal or probe: record what waited for it. Called from the
   * lease's thread, before a fenced node rejoins, and after renewals while anything waits.
   */
  default void reachable() {}

  /**
   * Whether nothing of the fenced incarnation still runs, so the node may rejoin: another node may
   * take over the old incarnation's claims as soon as it does.
   */
  default boolean settled() {
    return true;
  }

  /** Whether what this listener abandoned at the fence has stopped; asks, changes nothing. */
  default boolean stopped() {
    return true;
  }
}
