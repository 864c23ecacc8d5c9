package dev.pacer.http;

import java.util.Map;

/**
 * One read-only page or document a node serves. Features add theirs to the set the {@link
 * WebServer} serves; the server answers anything but GET and HEAD with 405, so no endpoint can
 * change state.
 */
public interface Endpoint {
  /** The exact path, such as {@code /health}. */
  String path();

  /**
   * @param query the decoded query parameters (the first value of each)
   */
  Response get(Map<String, String> query) throws Exception;
}
