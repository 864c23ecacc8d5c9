package dev.pacer.run.collector;

/**
 * A run failure a collector describes completely, such as {@code status 503 (expected 2xx)}: its
 * message is recorded as the run's error without the exception's class name.
 */
public class CollectException extends Exception {
  public CollectException(String message) {
    super(message);
  }

  public CollectException(String message, Throwable cause) {
    super(message, cause);
  }
}
