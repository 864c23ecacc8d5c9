package dev.pacer.run.collector.tcp;

import dev.pacer.run.collector.CollectException;
import dev.pacer.run.collector.CollectRequest;
import dev.pacer.run.collector.Collector;
import dev.pacer.run.collector.CollectorOptions;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.util.Map;
import java.util.Set;

/**
 * Connects to {@code host:port} ({@code [v6-address]:port} too); the value is the connect time in
 * milliseconds, name resolution excluded.
 */
@Singleton
public final class TcpCollector implements Collector {
  @Inject
  public TcpCollector() {}

  @Override
  public String name() {
    return "tcp";
  }

  @Override
  public void check(String target, Map<String, String> options) {
    CollectorOptions.requireKnown(options, Set.of());
    Endpoint.parse(target);
  }

  @Override
  public double collect(CollectRequest request) throws Exception {
    CollectorOptions.requireValid(this, request);
    Endpoint endpoint = Endpoint.parse(request.target());
    InetAddress address;
    try {
      address = InetAddress.getByName(endpoint.host());
    } catch (UnknownHostException e) {
      throw new CollectException("unknown host " + endpoint.host());
    }
    int timeout = (int) Math.max(1, Math.min(Integer.MAX_VALUE, request.timeout().toMillis()));
    try (Socket socket = new Socket()) {
      long start = System.nanoTime();
      socket.connect(new InetSocketAddress(address, endpoint.port()), timeout);
      return (System.nanoTime() - start) / 1e6;
    } catch (SocketTimeoutException e) {
      throw new CollectException("no connection to " + endpoint + " within " + timeout + " ms");
    } catch (IOException e) {
      String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
      throw new CollectException("cannot connect to " + endpoint + ": " + message, e);
    }
  }

  /** A {@code host:port} target. */
  record Endpoint(String host, int port) {
    static Endpoint parse(String target) {
      String text = CollectorOptions.requireTarget(target, "host:port");
      int colon = text.lastIndexOf(':');
      String host = colon < 0 ? "" : text.substring(0, colon);
      if (host.startsWith("[") && host.endsWith("]")) {
        host = host.substring(1, host.length() - 1);
      } else if (host.contains(":")) {
        host = "";
      }
      int port;
      try {
        port = colon < 0 ? -1 : Integer.parseInt(text.substring(colon + 1));
      } catch (NumberFormatException e) {
        port = -1;
      }
      if (host.isBlank() || port < 1 || port > 65535) {
        throw new IllegalArgumentException(
            "target '" + text + "' is not host:port (an IPv6 address in brackets: [::1]:22)");
      }
      return new Endpoint(host, port);
    }

    @Override
    public String toString() {
      return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
    }
  }
}
