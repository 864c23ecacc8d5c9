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
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * An HTTP server on loopback whose answers a test sets per path: status, body, and how long it
 * takes. A slow answer waits on a timer and a held one in a queue, neither on a thread: the server
 * has a handful of threads however many requests wait, so a test can count the client's threads.
 */
public final class TestingHttpServer implements AutoCloseable {
  private final HttpServer server;
  private final ExecutorService threads = Executors.newFixedThreadPool(4);
  private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
  private final Map<String, Answer> answers = new ConcurrentHashMap<>();
  private final List<String> requests = new CopyOnWriteArrayList<>();
  private final Queue<Runnable> held = new ConcurrentLinkedQueue<>();

  public TestingHttpServer() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 4000);
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
    answers.put(path, new Answer(status, body, delay, false, Map.of()));
    return this;
  }

  /** Answers {@code path} when the test calls {@link #release}; until then the request waits. */
  public TestingHttpServer hold(String path, int status, String body) {
    answers.put(path, new Answer(status, body, Duration.ZERO, true, Map.of()));
    return this;
  }

  /** Answers {@code path} with a redirect to {@code location}. */
  public TestingHttpServer redirect(String path, String location) {
    answers.put(path, new Answer(302, "", Duration.ZERO, false, Map.of("Location", location)));
    return this;
  }

  public String url(String path) {
    return "http://127.0.0.1:" + server.getAddress().getPort() + path;
  }

  /** Every request so far, as {@code "GET /path"}. */
  public List<String> requests() {
    return List.copyOf(requests);
  }

  /** How many requests are held now. */
  public int held() {
    return held.size();
  }

  /** Answers every held request, on the caller's thread. */
  public void release() {
    for (Runnable answer = held.poll(); answer != null; answer = held.poll()) {
      answer.run();
    }
  }

  private void handle(HttpExchange exchange) {
    String path = exchange.getRequestURI().getPath();
    requests.add(exchange.getRequestMethod() + " " + path);
    Answer answer =
        answers.getOrDefault(path, new Answer(404, "not found", Duration.ZERO, false, Map.of()));
    if (answer.held) {
      held.add(() -> respond(exchange, answer));
    } else if (answer.delay.isZero()) {
      respond(exchange, answer);
    } else {
      timer.schedule(
          () -> respond(exchange, answer), answer.delay.toMillis(), TimeUnit.MILLISECONDS);
    }
  }

  private static void respond(HttpExchange exchange, Answer answer) {
    byte[] body = answer.body.getBytes(StandardCharsets.UTF_8);
    answer.headers.forEach((k, v) -> exchange.getResponseHeaders().add(k, v));
    boolean head = exchange.getRequestMethod().equals("HEAD");
    try {
      exchange.sendResponseHeaders(answer.status, head || body.length == 0 ? -1 : body.length);
      try (OutputStream out = exchange.getResponseBody()) {
        if (!head) {
          out.write(body);
        }
      }
    } catch (IOException e) {
      exchange.close(); // the client went away
    }
  }

  @Override
  public void close() {
    server.stop(0);
    timer.shutdownNow();
    threads.shutdownNow();
  }

  private record Answer(
      int status, String body, Duration delay, boolean held, Map<String, String> headers) {}
}
