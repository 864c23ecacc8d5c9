package dev.pacer.settings;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.Map;

/**
 * An item's own settings from {@code pacer_item}; a null field means "use the configured default".
 */
public record ItemSettings(
    String item,
    String collector,
    String target,
    Map<String, String> options,
    Duration timeout,
    Integer maxAttempts,
    Duration retryBackoff,
    MisfirePolicy misfirePolicy,
    boolean paused) {

  public ItemSettings {
    requireNonNull(item);
    options = Map.copyOf(options);
  }

  /** An item without a row in {@code pacer_item}. */
  public static ItemSettings defaults(String item) {
    return new ItemSettings(item, null, null, Map.of(), null, null, null, null, false);
  }
}
