package dev.pacer.http;

import dev.pacer.config.Config;
import dev.pacer.config.Validated;
import java.time.Duration;
import java.util.List;

/** Where a node serves /health, /metrics and the dashboard. */
public final class HttpConfig implements Validated {
  private String host = "127.0.0.1";
  private int port = 8080;
  private Duration idleTimeout = Duration.ofSeconds(10);

  public String getHost() {
    return host;
  }

  @Config(
      value = "http.host",
      description = "Address the HTTP endpoints bind to; 0.0.0.0 exposes them to the network")
  public void setHost(String host) {
    this.host = host;
  }

  public int getPort() {
    return port;
  }

  @Config(
      value = "http.port",
      description = "Port of /health, /metrics and the dashboard; 0 picks a free one")
  public void setPort(int port) {
    this.port = port;
  }

  public Duration getIdleTimeout() {
    return idleTimeout;
  }

  @Config(
      value = "http.idle-timeout",
      description =
          "A connection that sends nothing for this long is closed: one stalled halfway through"
              + " a request, or an idle keep-alive")
  public void setIdleTimeout(Duration idleTimeout) {
    this.idleTimeout = idleTimeout;
  }

  @Override
  public void validate(List<String> problems) {
    if (port < 0 || port > 65535) {
      problems.add("http.port: " + port + " is not a TCP port");
    }
    if (idleTimeout.toMillis() < 100) {
      problems.add("http.idle-timeout: must be at least 100ms");
    }
    if (host.isBlank()) {
      problems.add("http.host: must not be empty");
    }
  }
}
