package dev.pacer.run.collector;

import dev.pacer.history.ItemNames;

/**
 * A run failure a collector describes completely, such as {@code status 503 (expected 2xx)}: its
 * message is recorded as the run's error without the exception's class name.
 *
 * <p>Messages quote what others wrote (a command's stderr, an HTTP body, a driver's reason), so
 * control characters in them are escaped as item names are (see {@link ItemNames#printable}): an
 * ESC or a NUL must not reach a log line, a terminal or the run log.
 */
public class CollectException extends Exception {
  public CollectException(String message) {
    super(printable(message));
  }

  public CollectException(String message, Throwable cause) {
    super(printable(message), cause);
  }

  private static String printable(String message) {
    return message == null ? null : ItemNames.printable(message);
  }
}
