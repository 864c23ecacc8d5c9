package dev.pacer.run.collector;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.Map;

/**
 * What a collector gets to know about the run it serves.
 *
 * @param item the item's name as in the history table
 * @param target what to collect from ({@code pacer_item.target}), or null
 * @param options the collector's options ({@code pacer_item.options}), never null
 * @param timeout how long the run may take; the runner interrupts the collector after it
 */
public record CollectRequest(
    String item, String target, Map<String, String> options, Duration timeout) {
  public CollectRequest {
    requireNonNull(item);
    options = Map.copyOf(options);
    requireNonNull(timeout);
  }
}
