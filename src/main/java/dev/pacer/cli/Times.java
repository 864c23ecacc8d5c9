package dev.pacer.cli;

import java.time.Duration;
import java.time.Instant;
import java.util.Locale;

/** Instants as operators read them in a table: how long ago, or how soon. */
final class Times {
  private Times() {}

  static String relative(Instant instant, Instant now) {
    if (instant == null) {
      return null;
    }
    Duration offset = Duration.between(now, instant);
    String amount = amount(offset.abs());
    return offset.isNegative() ? amount + " ago" : "in " + amount;
  }

  static String amount(Duration duration) {
    long ms = duration.toMillis();
    if (ms < 10_000) {
      return String.format(Locale.ROOT, "%.1fs", ms / 1000.0);
    }
    long s = duration.toSeconds();
    if (s < 120) {
      return s + "s";
    }
    if (s < 7200) {
      return s / 60 + "m";
    }
    if (s < 172_800) {
      return s / 3600 + "h";
    }
    return s / 86_400 + "d";
  }
}
