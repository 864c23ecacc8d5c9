package dev.pacer.systemd;

import static java.util.Objects.requireNonNull;

import dev.pacer.health.HealthCheck;
import dev.pacer.node.NodeService;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells systemd, under {@code Type=notify}, when the node is up and when it stops, and pings its
 * watchdog at half the interval systemd asks for, but only while the node's own health check
 * ({@code /health}) is healthy. An unhealthy node stops pinging, and systemd restarts it after
 * {@code WatchdogSec}: the seed's watchdog, done by the service manager. The JVM cannot write to
 * systemd's datagram socket, so the notifications go through {@code systemd-notify} (the unit sets
 * {@code NotifyAccess=all} to accept them from that child process).
 */
@Singleton
public final class SystemdNotifier implements NodeService {
  private static final Logger log = LoggerFactory.getLogger(SystemdNotifier.class);

  private final SystemdConfig config;
  private final SystemdEnvironment environment;
  private final HealthCheck health;
  private ScheduledExecutorService timer;
  private boolean withholding;

  @Inject
  public SystemdNotifier(SystemdConfig config, SystemdEnvironment environment, HealthCheck health) {
    this.config = requireNonNull(config);
    this.environment = requireNonNull(environment);
    this.health = requireNonNull(health);
  }

  @Override
  public synchronized void start() {
    if (!environment.notifying()) {
      return;
    }
    send("READY=1", "STATUS=Scheduling");
    environment
        .watchdogInterval()
        .ifPresent(
            interval -> {
              Duration every = interval.dividedBy(2);
              log.info("Pinging the systemd watchdog every {} ms while healthy", every.toMillis());
              timer =
                  Executors.newSingleThreadScheduledExecutor(
                      task -> {
                        Thread thread = new Thread(task, "pacer-watchdog");
                        thread.setDaemon(true);
                        return thread;
                      });
              timer.scheduleAtFixedRate(this::ping, 0, every.toMillis(), TimeUnit.MILLISECONDS);
            });
  }

  private void ping() {
    HealthCheck.Health result = health.check();
    if (result.healthy()) {
      if (withholding) {
        log.info("Healthy again; pinging the systemd watchdog again");
        withholding = false;
      }
      send("WATCHDOG=1");
    } else if (!withholding) {
      withholding = true;
      log.warn(
          "Unhealthy ({}); withholding the systemd watchdog ping, so systemd restarts this node"
              + " unless it recovers first",
          result.reason());
    }
  }

  private void send(String... assignments) {
    List<String> command = new ArrayList<>();
    command.add(config.getNotifyCommand());
    command.addAll(List.of(assignments));
    try {
      Process process =
          new ProcessBuilder(command)
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.DISCARD)
              .start();
      if (!process.waitFor(5, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        log.warn("{} did not finish within 5 s", config.getNotifyCommand());
      } else if (process.exitValue() != 0) {
        log.warn("{} {} exited with {}", command.get(0), assignments[0], process.exitValue());
      }
    } catch (IOException e) {
      log.warn("Cannot run {}: {}", config.getNotifyCommand(), e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public synchronized void stop() {
    if (timer != null) {
      timer.shutdownNow();
      timer = null;
    }
    if (environment.notifying()) {
      send("STOPPING=1");
    }
  }
}
