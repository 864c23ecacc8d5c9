package dev.pacer.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pacer.config.Durations;
import dev.pacer.history.ItemNames;
import dev.pacer.settings.StoredSettings;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;

/** Prints {@code pacer_item} rows for {@code bin/pacer settings}: aligned text or JSON. */
final class SettingsPrinter {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final PrintWriter out;
  private final boolean json;
  private final String defaultCollector;

  SettingsPrinter(PrintWriter out, boolean json, String defaultCollector) {
    this.out = out;
    this.json = json;
    this.defaultCollector = defaultCollector;
  }

  void show(StoredSettings row, boolean hasRow) throws JsonProcessingException {
    if (json) {
      out.println(JSON.writerWithDefaultPrettyPrinter().writeValueAsString(toJson(row)));
      return;
    }
    out.println(ItemNames.printable(row.item()) + (hasRow ? "" : "  (no settings: every default)"));
    line(
        "collector",
        row.collector() == null ? "(default: " + defaultCollector + ")" : row.collector());
    line("target", row.target());
    line("options", row.options());
    line("timeout", duration(row.timeoutMs()));
    line("max-attempts", row.maxAttempts() == null ? null : row.maxAttempts().toString());
    line("retry-backoff", duration(row.retryBackoffMs()));
    line("misfire-policy", row.misfirePolicy());
    line("paused", row.paused() ? "yes" : "no");
    out.flush();
  }

  void list(List<StoredSettings> rows) throws JsonProcessingException {
    if (json) {
      ArrayNode array = JSON.createArrayNode();
      rows.forEach(row -> array.add(toJson(row)));
      out.println(JSON.writerWithDefaultPrettyPrinter().writeValueAsString(array));
    } else if (rows.isEmpty()) {
      out.println("No item has settings of its own: every item uses the defaults.");
    } else {
      for (StoredSettings row : rows) {
        out.println(
            ItemNames.printable(row.item())
                + "\t"
                + orDash(row.collector())
                + "\t"
                + orDash(row.target())
                + (row.paused() ? "\tpaused" : ""));
      }
    }
    out.flush();
  }

  void cleared(String item, boolean had) {
    if (json) {
      out.println("{\"item\":" + JSON.valueToTree(item) + ",\"cleared\":" + had + "}");
    } else {
      out.println(
          had
              ? "Cleared the settings of " + ItemNames.printable(item) + ": every default"
              : ItemNames.printable(item) + " had no settings");
    }
    out.flush();
  }

  private ObjectNode toJson(StoredSettings row) {
    ObjectNode node = JSON.createObjectNode();
    node.put("item", row.item());
    node.put("collector", row.collector());
    node.put("target", row.target());
    node.set("options", options(row.options()));
    node.put("timeout_ms", row.timeoutMs());
    node.put("max_attempts", row.maxAttempts());
    node.put("retry_backoff_ms", row.retryBackoffMs());
    node.put("misfire_policy", row.misfirePolicy());
    node.put("paused", row.paused());
    return node;
  }

  /** The options as an object when they are valid JSON, else as the stored text. */
  private static JsonNode options(String text) {
    if (text == null) {
      return JSON.nullNode();
    }
    try {
      return JSON.readTree(text);
    } catch (JsonProcessingException e) {
      return JSON.getNodeFactory().textNode(text);
    }
  }

  private void line(String name, String value) {
    out.printf("  %-15s %s%n", name, value == null ? "(default)" : value);
  }

  private static String duration(Integer millis) {
    return millis == null ? null : Durations.format(Duration.ofMillis(millis));
  }

  private static String orDash(String value) {
    return value == null ? "-" : value;
  }
}
