package dev.pacer.cli;

import dev.pacer.config.Durations;
import dev.pacer.settings.SettingsChange;
import dev.pacer.settings.SettingsChange.Field;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import picocli.CommandLine.Option;

/** The flags of {@code bin/pacer settings} that change a setting, and their checks. */
final class SettingsFlags {
  @Option(names = "--collector", paramLabel = "NAME", description = "Collector: http, tcp, ...")
  String collector;

  @Option(names = "--target", paramLabel = "TARGET", description = "URL, host:port, name, path")
  String target;

  @Option(
      names = "--option",
      paramLabel = "KEY=VALUE",
      description = "Set one collector option; KEY= removes it (repeatable)")
  List<String> optionChanges = new ArrayList<>();

  @Option(names = "--options", paramLabel = "JSON", description = "Replace every option")
  String options;

  @Option(names = "--timeout", paramLabel = "DURATION", description = "Run timeout, e.g. 5s")
  String timeout;

  @Option(names = "--max-attempts", paramLabel = "N", description = "Attempts per slot")
  Integer maxAttempts;

  @Option(names = "--retry-backoff", paramLabel = "DURATION", description = "First back-off")
  String retryBackoff;

  @Option(
      names = "--misfire-policy",
      paramLabel = "POLICY",
      description = "run-once, skip or catch-up")
  String misfirePolicy;

  @Option(
      names = "--unset",
      split = ",",
      paramLabel = "FIELD",
      description =
          "Back to the default: collector, target, options, timeout, max-attempts,"
              + " retry-backoff, misfire-policy")
  List<String> unset = new ArrayList<>();

  /** The change the flags ask for; each bad flag is added to {@code problems}. */
  SettingsChange change(List<String> problems) {
    Set<Field> fields = EnumSet.noneOf(Field.class);
    for (String name : unset) {
      Optional<Field> field =
          EnumSet.allOf(Field.class).stream().filter(f -> f.flag().equals(name.trim())).findAny();
      if (field.isEmpty()) {
        problems.add("--unset: '" + name + "' is not one of " + flags());
      } else {
        fields.add(field.get());
      }
    }
    Map<String, String> single = new LinkedHashMap<>();
    for (String option : optionChanges) {
      int equals = option.indexOf('=');
      if (equals <= 0) {
        problems.add("--option: '" + option + "' is not KEY=VALUE");
      } else {
        single.put(option.substring(0, equals), option.substring(equals + 1));
      }
    }
    SettingsChange change =
        new SettingsChange(
            collector,
            target,
            options,
            single,
            millis("--timeout", timeout, problems),
            maxAttempts,
            millis("--retry-backoff", retryBackoff, problems),
            misfirePolicy,
            fields);
    for (Field field : fields) {
      if (setsField(change, field)) {
        problems.add("--unset " + field.flag() + " contradicts the new value given for it");
      }
    }
    return change;
  }

  private static boolean setsField(SettingsChange change, Field field) {
    return switch (field) {
      case COLLECTOR -> change.collector() != null;
      case TARGET -> change.target() != null;
      case OPTIONS -> change.options() != null || !change.optionChanges().isEmpty();
      case TIMEOUT -> change.timeoutMs() != null;
      case MAX_ATTEMPTS -> change.maxAttempts() != null;
      case RETRY_BACKOFF -> change.retryBackoffMs() != null;
      case MISFIRE_POLICY -> change.misfirePolicy() != null;
    };
  }

  private static Integer millis(String flag, String text, List<String> problems) {
    if (text == null) {
      return null;
    }
    try {
      long millis = Durations.parse(text).toMillis();
      if (millis > Integer.MAX_VALUE) {
        problems.add(flag + ": " + text + " is too long");
        return null;
      }
      return (int) millis;
    } catch (IllegalArgumentException e) {
      problems.add(flag + ": " + e.getMessage());
      return null;
    }
  }

  private static String flags() {
    return String.join(", ", EnumSet.allOf(Field.class).stream().map(Field::flag).toList());
  }
}
