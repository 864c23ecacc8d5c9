package dev.pacer.settings;

import java.util.Locale;
import java.util.Optional;

/** What happens to the slots an item missed (a run was late by more than misfire.threshold). */
public enum MisfirePolicy {
  /** Run once as soon as possible, then continue the cadence from that run. */
  RUN_ONCE,
  /** Wait for the next slot of the item's phase. */
  SKIP,
  /** Run every missed slot, one after another. */
  CATCH_UP;

  /** The name used in configuration and in {@code pacer_item.misfire_policy}. */
  public String configName() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  public static Optional<MisfirePolicy> parse(String text) {
    for (MisfirePolicy policy : values()) {
      if (policy.configName().equalsIgnoreCase(text.trim())) {
        return Optional.of(policy);
      }
    }
    return Optional.empty();
  }
}
