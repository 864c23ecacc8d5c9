package dev.pacer.http;

import static java.util.Objects.requireNonNull;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.util.Set;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.eclipse.jetty.util.thread.ScheduledExecutorScheduler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node's HTTP endpoints on Jetty: /health and its probes, /metrics and the dashboard, all
 * read-only. Jetty reads requests without blocking a thread and closes a connection that sends
 * nothing for {@code http.idle-timeout}, so clients that stall halfway through a request cannot
 * take the endpoints away from the watchdogs.
 */
@Singleton
public final class WebServer implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(WebServer.class);

  /**
   * Requests served at once (besides Jetty's acceptor and selector threads): the endpoints that
   * read the database hold one each for as long as it takes; the probes answer from memory.
   */
  private static final int THREADS = 16;

  private final HttpConfig config;
  private final EndpointHandler handler;
  private Server server;
  private ServerConnector connector;

  @Inject
  public WebServer(HttpConfig config, Set<Endpoint> endpoints) {
    this.config = requireNonNull(config);
    this.handler = new EndpointHandler(endpoints);
  }

  public synchronized void start() throws Exception {
    QueuedThreadPool threads = new QueuedThreadPool(THREADS, 2);
    threads.setName("pacer-http");
    threads.setDaemon(true);
    Server created =
        new Server(threads, new ScheduledExecutorScheduler("pacer-http-timer", true), null);
    HttpConfiguration http = new HttpConfiguration();
    http.setSendServerVersion(false);
    ServerConnector listening = new ServerConnector(created, 1, 1, new HttpConnectionFactory(http));
    listening.setHost(config.getHost());
    listening.setPort(config.getPort());
    listening.setIdleTimeout(config.getIdleTimeout().toMillis());
    created.addConnector(listening);
    created.setHandler(handler);
    created.setErrorHandler(handler::error);
    try {
      created.start();
    } catch (Exception e) {
      stopQuietly(created);
      throw bindFailure(e);
    }
    server = created;
    connector = listening;
    log.info(
        "Serving /health, /metrics and the dashboard on http://{}:{}/", config.getHost(), port());
  }

  /** A port in use is the operator's to fix: say which, without a stack trace. */
  private Exception bindFailure(Exception e) {
    for (Throwable cause = e; cause != null; cause = cause.getCause()) {
      if (cause instanceof BindException bind) {
        String where = "port " + config.getPort() + " on " + config.getHost();
        String message =
            String.valueOf(bind.getMessage()).contains("in use")
                ? where + " is in use: set http.port"
                : "cannot listen on " + where + " (" + bind.getMessage() + "): set http.host";
        return new BindException(message);
      }
    }
    return e;
  }

  /** The bound port, which differs from the configured one when that is 0. */
  public int port() {
    return address().getPort();
  }

  public synchronized InetSocketAddress address() {
    try {
      return (InetSocketAddress) ((ServerSocketChannel) connector.getTransport()).getLocalAddress();
    } catch (IOException e) {
      throw new IllegalStateException("the HTTP server is not listening", e);
    }
  }

  @Override
  public synchronized void close() {
    if (server != null) {
      stopQuietly(server);
      server = null;
      connector = null;
    }
  }

  private static void stopQuietly(Server server) {
    try {
      server.stop();
    } catch (Exception e) {
      log.warn("HTTP server did not stop cleanly: {}", e.toString());
    }
  }
}
