package dev.pacer.settings;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * A change to an item's settings, as {@code bin/pacer settings} takes it: a null field stays as
 * stored, a field in {@code unset} goes back to its default (NULL), {@code options} replaces the
 * options object and {@code optionChanges} then sets single options (an empty value removes one).
 */
public record SettingsChange(
    String collector,
    String target,
    String options,
    Map<String, String> optionChanges,
    Integer timeoutMs,
    Integer maxAttempts,
    Integer retryBackoffMs,
    String misfirePolicy,
    Set<Field> unset) {
  private static final ObjectMapper JSON = new ObjectMapper();

  public SettingsChange {
    optionChanges = Map.copyOf(optionChanges);
    unset = unset.isEmpty() ? EnumSet.noneOf(Field.class) : EnumSet.copyOf(unset);
  }

  /** A setting the change can send back to its default. */
  public enum Field {
    COLLECTOR,
    TARGET,
    OPTIONS,
    TIMEOUT,
    MAX_ATTEMPTS,
    RETRY_BACKOFF,
    MISFIRE_POLICY;

    /** As the command line spells it: {@code max-attempts}. */
    public String flag() {
      return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
  }

  public boolean isEmpty() {
    return collector == null
        && target == null
        && options == null
        && optionChanges.isEmpty()
        && timeoutMs == null
        && maxAttempts == null
        && retryBackoffMs == null
        && misfirePolicy == null
        && unset.isEmpty();
  }

  /** The row after this change; a change that cannot apply is reported to {@code problems}. */
  public StoredSettings applyTo(StoredSettings current, Consumer<String> problems) {
    return new StoredSettings(
        current.item(),
        pick(Field.COLLECTOR, collector, current.collector()),
        pick(Field.TARGET, target, current.target()),
        unset.contains(Field.OPTIONS) ? null : mergedOptions(current.options(), problems),
        pick(Field.TIMEOUT, timeoutMs, current.timeoutMs()),
        pick(Field.MAX_ATTEMPTS, maxAttempts, current.maxAttempts()),
        pick(Field.RETRY_BACKOFF, retryBackoffMs, current.retryBackoffMs()),
        pick(Field.MISFIRE_POLICY, misfirePolicy, current.misfirePolicy()),
        current.paused());
  }

  private <T> T pick(Field field, T changed, T stored) {
    if (unset.contains(field)) {
      return null;
    }
    return changed != null ? changed : stored;
  }

  /** The stored or replaced options object with the single option changes applied. */
  private String mergedOptions(String stored, Consumer<String> problems) {
    String base = options != null ? options : stored;
    if (optionChanges.isEmpty()) {
      return base;
    }
    ObjectNode object = JSON.createObjectNode();
    if (base != null && !base.isBlank()) {
      try {
        JsonNode parsed = JSON.readTree(base);
        if (!parsed.isObject()) {
          problems.accept("options: " + base + " is not a JSON object; replace it with --options");
          return base;
        }
        object = (ObjectNode) parsed;
      } catch (JsonProcessingException e) {
        problems.accept("options: " + base + " is not valid JSON; replace it with --options");
        return base;
      }
    }
    for (Map.Entry<String, String> option : optionChanges.entrySet()) {
      if (option.getValue().isEmpty()) {
        object.remove(option.getKey());
      } else {
        object.put(option.getKey(), option.getValue());
      }
    }
    return object.isEmpty() ? null : object.toString();
  }
}
