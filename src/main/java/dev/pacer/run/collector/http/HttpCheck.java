package dev.pacer.run.collector.http;

import static dev.pacer.run.collector.CollectorOptions.excerpt;
import static dev.pacer.run.collector.CollectorOptions.parseNumber;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pacer.run.collector.CollectException;
import dev.pacer.run.collector.CollectorOptions;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * What an item's http settings ask for: the URL, the method, which statuses count as success and
 * how to take the value from the body (none: the latency is the value).
 */
record HttpCheck(
    URI uri, String method, Set<Integer> expectedStatus, JsonPointer jsonPointer, Pattern regex) {
  static final Set<String> OPTIONS = Set.of("method", "json_pointer", "regex", "expect_status");
  private static final ObjectMapper JSON = new ObjectMapper();

  /**
   * @throws IllegalArgumentException naming the first bad target or option
   */
  static HttpCheck of(String target, Map<String, String> options) {
    CollectorOptions.requireKnown(options, OPTIONS);
    URI uri = uri(CollectorOptions.requireTarget(target, "an http or https URL"));
    String method = options.getOrDefault("method", "GET").trim().toUpperCase(Locale.ROOT);
    if (!method.equals("GET") && !method.equals("HEAD")) {
      throw new IllegalArgumentException("method '" + method + "' is not GET or HEAD");
    }
    JsonPointer pointer = pointer(options.get("json_pointer"));
    Pattern regex = regex(options.get("regex"));
    if (pointer != null && regex != null) {
      throw new IllegalArgumentException("json_pointer and regex exclude each other");
    }
    if (method.equals("HEAD") && (pointer != null || regex != null)) {
      throw new IllegalArgumentException("a HEAD response has no body to take a number from");
    }
    return new HttpCheck(uri, method, statuses(options.get("expect_status")), pointer, regex);
  }

  boolean readsBody() {
    return jsonPointer != null || regex != null;
  }

  boolean expects(int status) {
    return expectedStatus.isEmpty()
        ? status >= 200 && status < 300
        : expectedStatus.contains(status);
  }

  void requireStatus(int status) throws CollectException {
    if (!expects(status)) {
      String wanted =
          expectedStatus.isEmpty()
              ? "2xx"
              : String.join(", ", expectedStatus.stream().map(String::valueOf).toList());
      throw new CollectException("status " + status + " (expected " + wanted + ")");
    }
  }

  /**
   * @param deadline when a regex must give up, in {@link System#nanoTime()}'s terms
   */
  double extract(String body, long deadline) throws CollectException {
    if (jsonPointer != null) {
      return fromJson(body);
    }
    Matcher matcher = regex.matcher(new TimedText(body, deadline));
    boolean found;
    try {
      found = matcher.find();
    } catch (TimedText.OutOfTime e) {
      throw new CollectException(
          "regex " + regex.pattern() + " took longer than the run's timeout to match the body");
    }
    if (!found) {
      throw new CollectException("regex " + regex.pattern() + " does not match the body");
    }
    String match = matcher.groupCount() > 0 ? matcher.group(1) : matcher.group();
    return parseNumber(match, "the match of regex " + regex.pattern());
  }

  private double fromJson(String body) throws CollectException {
    JsonNode node;
    try {
      node = JSON.readTree(body).at(jsonPointer);
    } catch (JsonProcessingException e) {
      throw new CollectException("the body is not JSON: " + e.getOriginalMessage());
    }
    String what = "json_pointer " + jsonPointer;
    if (node.isMissingNode()) {
      throw new CollectException(what + " matches nothing in the body");
    }
    if (node.isNumber()) {
      return node.doubleValue();
    }
    if (node.isBoolean()) {
      return node.booleanValue() ? 1 : 0;
    }
    if (node.isTextual()) {
      return parseNumber(node.textValue(), what);
    }
    throw new CollectException(what + " is not a number: " + excerpt(node.toString(), 80));
  }

  private static URI uri(String target) {
    URI uri;
    try {
      uri = new URI(target);
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException("target is not a URL: " + e.getMessage());
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("http") && !scheme.equals("https") || uri.getHost() == null) {
      throw new IllegalArgumentException("target '" + target + "' is not an http or https URL");
    }
    if (uri.getUserInfo() != null) {
      // Settings rows are readable by anyone who may read the table: no passwords there.
      throw new IllegalArgumentException("target must not hold credentials (user:password@)");
    }
    return uri;
  }

  private static JsonPointer pointer(String text) {
    if (text == null) {
      return null;
    }
    try {
      return JsonPointer.compile(text.trim());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "json_pointer '" + text + "' is not a JSON pointer such as /data/count");
    }
  }

  private static Pattern regex(String text) {
    if (text == null) {
      return null;
    }
    try {
      return Pattern.compile(text);
    } catch (PatternSyntaxException e) {
      throw new IllegalArgumentException("regex is invalid: " + e.getDescription());
    }
  }

  private static Set<Integer> statuses(String text) {
    Set<Integer> statuses = new TreeSet<>();
    if (text == null || text.isBlank()) {
      return statuses;
    }
    for (String part : text.split(",")) {
      try {
        int status = Integer.parseInt(part.trim());
        if (status < 100 || status > 599) {
          throw new NumberFormatException();
        }
        statuses.add(status);
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(
            "expect_status '" + text + "' is not a list of HTTP statuses such as 200,204");
      }
    }
    return statuses;
  }
}
