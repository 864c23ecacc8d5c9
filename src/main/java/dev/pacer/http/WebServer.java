package dev.pacer.http;

import static java.util.Objects.requireNonNull;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node's HTTP endpoints on the JDK's built-in server: /health, /metrics and the dashboard, all
 * read-only.
 */
@Singleton
public final class WebServer implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(WebServer.class);

  private final HttpConfig config;
  private final List<Endpoint> endpoints;
  private HttpServer server;
  private ExecutorService threads;

  @Inject
  public WebServer(HttpConfig config, Set<Endpoint> endpoints) {
    this.config = requireNonNull(config);
    this.endpoints = List.copyOf(endpoints);
  }

  public synchronized void start() throws IOException {
    server = HttpServer.create(new InetSocketAddress(config.getHost(), config.getPort()), 50);
    threads =
        Executors.newFixedThreadPool(
            4,
            task -> {
              Thread thread = new Thread(task, "pacer-http");
              thread.setDaemon(true);
              return thread;
            });
    server.setExecutor(threads);
    Map<String, Endpoint> byPath = new LinkedHashMap<>();
    endpoints.forEach(endpoint -> byPath.put(endpoint.path(), endpoint));
    // One context for every path: the JDK matches contexts by prefix, Pacer's paths are exact.
    server.createContext(
        "/", exchange -> serve(exchange, byPath.get(exchange.getRequestURI().getPath())));
    server.start();
    log.info(
        "Serving /health, /metrics and the dashboard on http://{}:{}/", config.getHost(), port());
  }

  /** The bound port, which differs from the configured one when that is 0. */
  public int port() {
    return address().getPort();
  }

  public InetSocketAddress address() {
    return server.getAddress();
  }

  private static void serve(HttpExchange exchange, Endpoint endpoint) throws IOException {
    try (exchange) {
      String method = exchange.getRequestMethod();
      if (endpoint == null) {
        send(exchange, Response.text(404, "text/plain; charset=utf-8", "Not found\n"));
        return;
      }
      if (!method.equals("GET") && !method.equals("HEAD")) {
        exchange.getResponseHeaders().set("Allow", "GET, HEAD");
        send(exchange, Response.text(405, "text/plain; charset=utf-8", "Read-only\n"));
        return;
      }
      Response response;
      try {
        response = endpoint.get(query(exchange.getRequestURI().getRawQuery()));
      } catch (Exception e) {
        log.warn("{} failed: {}", endpoint.path(), e.toString());
        response = Response.text(500, "text/plain; charset=utf-8", "Internal error\n");
      }
      send(exchange, response);
    }
  }

  private static void send(HttpExchange exchange, Response response) throws IOException {
    exchange.getResponseHeaders().set("Content-Type", response.contentType());
    exchange.getResponseHeaders().set("X-Content-Type-Options", "nosniff");
    exchange.getResponseHeaders().set("Cache-Control", "no-store");
    // The dashboard loads nothing from elsewhere and runs no inline script.
    exchange
        .getResponseHeaders()
        .set("Content-Security-Policy", "default-src 'self'; frame-ancestors 'none'");
    boolean head = exchange.getRequestMethod().equals("HEAD");
    exchange.sendResponseHeaders(
        response.status(), head || response.body().length == 0 ? -1 : response.body().length);
    if (!head && response.body().length > 0) {
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(response.body());
      }
    }
  }

  static Map<String, String> query(String raw) {
    Map<String, String> parameters = new LinkedHashMap<>();
    if (raw == null || raw.isEmpty()) {
      return parameters;
    }
    for (String pair : raw.split("&")) {
      int equals = pair.indexOf('=');
      String name = equals < 0 ? pair : pair.substring(0, equals);
      String value = equals < 0 ? "" : pair.substring(equals + 1);
      parameters.putIfAbsent(
          URLDecoder.decode(name, StandardCharsets.UTF_8),
          URLDecoder.decode(value, StandardCharsets.UTF_8));
    }
    return parameters;
  }

  @Override
  public synchronized void close() {
    if (server != null) {
      server.stop(0);
      threads.shutdownNow();
      server = null;
    }
  }
}
