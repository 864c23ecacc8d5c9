package dev.pacer.settings;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * A {@code pacer_item} row as stored, before Pacer interprets it. The one place that decides which
 * values are usable: the nodes (reading the table) and {@code bin/pacer settings} (writing it) both
 * ask {@link #interpret}.
 */
public record StoredSettings(
    String item,
    String collector,
    String target,
    String options,
    Integer timeoutMs,
    Integer maxAttempts,
    Integer retryBackoffMs,
    String misfirePolicy,
    boolean paused) {
  private static final ObjectMapper JSON = new ObjectMapper();

  public StoredSettings {
    requireNonNull(item);
  }

  /** An item without a row: every column at its default. */
  public static StoredSettings empty(String item) {
    return new StoredSettings(item, null, null, null, null, null, null, null, false);
  }

  /**
   * The settings Pacer uses. A value it cannot use is reported to {@code problems} as (column,
   * problem) and replaced by the default.
   */
  public ItemSettings interpret(BiConsumer<String, String> problems) {
    return new ItemSettings(
        item,
        blankToNull(collector),
        blankToNull(target),
        options(options, p -> problems.accept("options", p)),
        millis(positive(timeoutMs, "timeout_ms", problems)),
        positive(maxAttempts, "max_attempts", problems),
        millis(positive(retryBackoffMs, "retry_backoff_ms", problems)),
        misfirePolicy(misfirePolicy, p -> problems.accept("misfire_policy", p)),
        paused);
  }

  /** The options object as a map of strings; an unusable value is reported and read as empty. */
  public static Map<String, String> options(String json, Consumer<String> problem) {
    if (json == null || json.isBlank()) {
      return Map.of();
    }
    try {
      JsonNode node = JSON.readTree(json);
      if (!node.isObject()) {
        problem.accept("is not a JSON object");
        return Map.of();
      }
      Map<String, String> options = new LinkedHashMap<>();
      for (Map.Entry<String, JsonNode> field : node.properties()) {
        JsonNode value = field.getValue();
        options.put(field.getKey(), value.isValueNode() ? value.asText() : value.toString());
      }
      return options;
    } catch (JsonProcessingException e) {
      problem.accept("is not valid JSON (" + e.getOriginalMessage() + ")");
      return Map.of();
    }
  }

  private static MisfirePolicy misfirePolicy(String text, Consumer<String> problem) {
    if (text == null || text.isBlank()) {
      return null;
    }
    return MisfirePolicy.parse(text)
        .orElseGet(
            () -> {
              problem.accept(
                  "'"
                      + text
                      + "' is not one of "
                      + String.join(", ", List.of("run-once", "skip", "catch-up")));
              return null;
            });
  }

  private static Integer positive(
      Integer value, String column, BiConsumer<String, String> problems) {
    if (value == null) {
      return null;
    }
    if (value <= 0) {
      problems.accept(column, value + " is not positive");
      return null;
    }
    return value;
  }

  private static Duration millis(Integer millis) {
    return millis == null ? null : Duration.ofMillis(millis);
  }

  private static String blankToNull(String value) {
    return value == null || value.isBlank() ? null : value;
  }
}
