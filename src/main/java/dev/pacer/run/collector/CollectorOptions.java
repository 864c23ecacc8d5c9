package dev.pacer.run.collector;

import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/** Checks collectors share: a target is present, options are known, text is a number. */
public final class CollectorOptions {
  private static final Pattern NUMBER =
      Pattern.compile("[-+]?(\\d+(\\.\\d*)?|\\.\\d+)([eE][-+]?\\d+)?");

  private CollectorOptions() {}

  /**
   * Runs {@link Collector#check} at the start of a run: a problem with the item's settings becomes
   * the run's error as it is.
   */
  public static void requireValid(Collector collector, CollectRequest request)
      throws CollectException {
    try {
      collector.check(request.target(), request.options());
    } catch (IllegalArgumentException e) {
      throw new CollectException(e.getMessage(), e);
    }
  }

  /**
   * @param what what the target is, for the message: {@code "an http or https URL"}
   * @throws IllegalArgumentException if there is no target
   */
  public static String requireTarget(String target, String what) {
    if (target == null || target.isBlank()) {
      throw new IllegalArgumentException("needs a target: " + what);
    }
    return target.trim();
  }

  /**
   * @throws IllegalArgumentException naming the first option not in {@code known}
   */
  public static void requireKnown(Map<String, String> options, Set<String> known) {
    for (String key : new TreeSet<>(options.keySet())) {
      if (!known.contains(key)) {
        throw new IllegalArgumentException(
            "unknown option '"
                + key
                + "' (known: "
                + (known.isEmpty() ? "none" : String.join(", ", new TreeSet<>(known)))
                + ")");
      }
    }
  }

  /**
   * A decimal number such as {@code 42}, {@code -1.5} or {@code 2e3}, surrounding blanks ignored;
   * unlike {@link Double#parseDouble}, not {@code NaN}, {@code Infinity}, hex or {@code 1d}.
   *
   * @param what where the text came from, for the message
   */
  public static double parseNumber(String text, String what) throws CollectException {
    String trimmed = text == null ? "" : text.strip();
    if (!NUMBER.matcher(trimmed).matches()) {
      throw new CollectException(what + " is not a number: '" + excerpt(trimmed, 80) + "'");
    }
    return Double.parseDouble(trimmed);
  }

  /** At most {@code max} characters of {@code text}, on one line. */
  public static String excerpt(String text, int max) {
    String line = text.strip().replaceAll("\\s*\\R\\s*", " | ");
    return line.length() <= max ? line : line.substring(0, max - 3) + "...";
  }
}
