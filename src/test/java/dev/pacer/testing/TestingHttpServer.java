package dev.pacer.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * An HTTP server on loopback whose answers a test sets per path: status, body, and how long it
 * takes. Every request is served on a thread of its own, so slow answers do not queue.
 */
public final class TestingHttpServer implements AutoCloseable {
  private final HttpServer server;
  private final ExecutorService threads = Executors.newCachedThreadPool();
  private final Map<String, Answer> answers = new ConcurrentHashMap<>();
  private final List<String> requests = new CopyOnWriteArrayList<>();

  public TestingHttpServer() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 2000);
    server.setExecutor(threads);
    server.createContext("/", this::handle);
    server.start();
  }

  /** Answers {@code path} with this status and body. */
  public TestingHttpServer answer(String path, int status, String body) {
    return answer(path, status, body, Duration.ZERO);
  }

  /** Answers {@code path} after {@code delay}. */
  public TestingHttpServer answer(String path, int status, String body, Duration delay) {
    answers.put(path, new Answer(status, body, delay, Map.of()));
    return this;
  }

  /** Answers {@code path} with a redirect to {@code location}. */
  public TestingHttpServer redirect(String path, String location) {
    answers.put(path, new Answer(302, "", Duration.ZERO, Map.of("Location", location)));
    return this;
  }

  public String url(String path) {
    return "http://127.0.0.1:" + server.getAddress().getPort() + path;
  }

  /** Every request so far, as {@code "GET /path"}. */
  public List<String> requests() {
    return List.copyOf(requests);
  }

  private void handle(HttpExchange exchange) throws IOException {
    String path = exchange.getRequestURI().getPath();
    requests.add(exchange.getRequestMethod() + " " + path);
    Answer answer =
        answers.getOrDefault(path, new Answer(404, "not found", Duration.ZERO, Map.of()));
    try {
      Thread.sleep(answer.delay.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      exchange.close();
      return;
    }
    byte[] body = answer.body.getBytes(StandardCharsets.UTF_8);
    answer.headers.forEach((k, v) -> exchange.getResponseHeaders().add(k, v));
    boolean head = exchange.getRequestMethod().equals("HEAD");
    exchange.sendResponseHeaders(answer.status, head || body.length == 0 ? -1 : body.length);
    try (OutputStream out = exchange.getResponseBody()) {
      if (!head) {
        out.write(body);
      }
    }
  }

  @Override
  public void close() {
    server.stop(0);
    threads.shutdownNow();
  }

  private record Answer(int status, String body, Duration delay, Map<String, String> headers) {}
}
