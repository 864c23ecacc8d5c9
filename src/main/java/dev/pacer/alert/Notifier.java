package dev.pacer.alert;

/** Sends alerts somewhere besides the log. Called on the alert thread, one alert at a time. */
interface Notifier {
  boolean enabled();

  void send(Alert alert) throws Exception;
}
