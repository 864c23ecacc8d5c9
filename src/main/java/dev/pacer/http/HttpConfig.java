package dev.pacer.http;

import dev.pacer.config.Config;
import dev.pacer.config.Validated;
import java.util.List;

/** Where a node serves /health, /metrics and the dashboard. */
public final class HttpConfig implements Validated {
  private String host = "127.0.0.1";
  private int port = 8080;

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

  @Override
  public void validate(List<String> problems) {
    if (port < 0 || port > 65535) {
      problems.add("http.port: " + port + " is not a TCP port");
    }
    if (host.isBlank()) {
      problems.add("http.host: must not be empty");
    }
  }
}
