package dev.pacer.run.collector;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/**
 * What a collector gets to know about the run it serves.
 *
 * @param item the item's name as in the history table
 * @param target what to collect from ({@code pacer_item.target}), or null
 * @param options the collector's options ({@code pacer_item.options}), never null
 * @param timeout how long the run may take; the runner interrupts the collector after it
 * @param slot the scheduled time of the run (the slot it serves), or null outside a scheduled run
 * @param attempt the attempt at that slot, 1 for the first
 * @param node the node that runs it, or null outside a node
 */
public record CollectRequest(
    String item,
    String target,
    Map<String, String> options,
    Duration timeout,
    Instant slot,
    int attempt,
    String node) {
  public CollectRequest {
    requireNonNull(item);
    options = Map.copyOf(options);
    requireNonNull(timeout);
  }

  /** A request outside a scheduled run (a check, a test): no slot, attempt 1, no node. */
  public CollectRequest(String item, String target, Map<String, String> options, Duration timeout) {
    this(item, target, options, timeout, null, 1, null);
  }
}
