package dev.pacer.run.collector.tcp;

import dev.pacer.run.collector.AsyncCollector;
import dev.pacer.run.collector.CollectException;
import dev.pacer.run.collector.CollectRequest;
import dev.pacer.run.collector.CollectorOptions;
import dev.pacer.run.collector.Steps;
import dev.pacer.run.collector.net.Connector;
import dev.pacer.run.collector.net.HostLookup;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * Connects to {@code host:port} ({@code [v6-address]:port} too); the value is the connect time in
 * milliseconds, name resolution excluded. A connect in progress holds no thread: thousands can wait
 * at once, and cancelling one closes its socket.
 */
@Singleton
public final class TcpCollector implements AsyncCollector, AutoCloseable {
  private final HostLookup lookup = new HostLookup("pacer-tcp-lookup-", 16);
  private final Connector connector = new Connector("pacer-tcp-io-");

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
  public CompletableFuture<Double> collectAsync(CollectRequest request) {
    try {
      CollectorOptions.requireValid(this, request);
    } catch (CollectException e) {
      return CompletableFuture.failedFuture(e);
    }
    Endpoint endpoint = Endpoint.parse(request.target());
    Duration timeout = Duration.ofMillis(Math.max(1, request.timeout().toMillis()));
    Steps<Double> steps = new Steps<>();
    steps
        .next(() -> lookup.resolve(endpoint.host()))
        .thenCompose(
            address ->
                steps.next(
                    () ->
                        connector.connect(
                            new InetSocketAddress(address, endpoint.port()), timeout)))
        .whenComplete(
            (took, error) -> {
              if (error == null) {
                steps.result().complete(took.toNanos() / 1e6);
              } else {
                steps.result().completeExceptionally(failure(error, endpoint, timeout));
              }
            });
    return steps.result();
  }

  private static Throwable failure(Throwable error, Endpoint endpoint, Duration timeout) {
    Throwable cause =
        error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
    if (cause instanceof UnknownHostException) {
      return new CollectException("unknown host " + endpoint.host());
    }
    if (cause instanceof SocketTimeoutException) {
      return new CollectException(
          "no connection to " + endpoint + " within " + timeout.toMillis() + " ms");
    }
    String message =
        cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
    return new CollectException("cannot connect to " + endpoint + ": " + message, cause);
  }

  @Override
  public void close() {
    connector.close();
    lookup.close();
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
