package dev.pacer.systemd;

import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * What systemd tells a service in its environment: {@code NOTIFY_SOCKET} when it expects
 * notifications, {@code WATCHDOG_USEC} (and {@code WATCHDOG_PID}) when it expects watchdog pings.
 */
public final class SystemdEnvironment {
  private final Map<String, String> variables;
  private final long pid;

  @Inject
  public SystemdEnvironment() {
    this(System.getenv(), ProcessHandle.current().pid());
  }

  public SystemdEnvironment(Map<String, String> variables, long pid) {
    this.variables = Map.copyOf(variables);
    this.pid = pid;
  }

  public boolean notifying() {
    String socket = variables.get("NOTIFY_SOCKET");
    return socket != null && !socket.isBlank();
  }

  /** How often systemd wants a ping, if it watches this process. */
  public Optional<Duration> watchdogInterval() {
    String usec = variables.get("WATCHDOG_USEC");
    String watchedPid = variables.get("WATCHDOG_PID");
    if (!notifying() || usec == null || (watchedPid != null && !watchedPid.equals(pid + ""))) {
      return Optional.empty();
    }
    try {
      long micros = Long.parseLong(usec.trim());
      return micros > 0 ? Optional.of(Duration.ofNanos(micros * 1000)) : Optional.empty();
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }
}
