package dev.pacer.cli;

import dev.pacer.config.Durations;
import java.time.Duration;
import java.util.regex.Pattern;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;

/** Checks of arguments picocli cannot express: a usage error, exit code 2. */
final class Arguments {
  /** What {@code add} and {@code reschedule} say an INTERVAL is. */
  static final String INTERVAL_HELP =
      "Seconds (60), or a duration of whole seconds: 60s, 5m, 1h, PT60S.";

  private static final Pattern SECONDS = Pattern.compile("\\d+");
  private static final Pattern FRACTION = Pattern.compile("(?i)\\d*[.,]\\d+\\s*[a-z]*");

  private Arguments() {}

  static void item(CommandSpec spec, String item) {
    if (item.isEmpty() || item.length() > 255) {
      throw new ParameterException(
          spec.commandLine(), "ITEM must have 1 to 255 characters, not " + item.length());
    }
  }

  /**
   * An item's interval in seconds, as {@code history.execution_interval} holds it: a plain number
   * of seconds or a duration, whole seconds, positive, at most what an {@code INT} holds.
   */
  static int interval(CommandSpec spec, String text) {
    String value = text.trim();
    Duration duration;
    if (SECONDS.matcher(value).matches()) {
      duration = value.length() > 12 ? null : Duration.ofSeconds(Long.parseLong(value));
    } else if (value.startsWith("-")) {
      throw invalid(spec, text, "is not positive");
    } else if (FRACTION.matcher(value).matches()) {
      throw invalid(spec, text, "is not a whole number of seconds");
    } else {
      try {
        duration = Durations.parse(value);
      } catch (IllegalArgumentException e) {
        throw invalid(spec, text, "is not an interval (examples: 60, 60s, 5m, 1h, PT60S)");
      }
    }
    if (duration != null && (duration.isNegative() || duration.isZero())) {
      throw invalid(spec, text, "is not positive");
    }
    if (duration != null && duration.getNano() != 0) {
      throw invalid(spec, text, "is not a whole number of seconds");
    }
    if (duration == null || duration.getSeconds() > Integer.MAX_VALUE) {
      throw invalid(spec, text, "is more than the column holds (" + Integer.MAX_VALUE + " s)");
    }
    return (int) duration.getSeconds();
  }

  private static ParameterException invalid(CommandSpec spec, String text, String problem) {
    return new ParameterException(spec.commandLine(), "INTERVAL: '" + text + "' " + problem);
  }
}
