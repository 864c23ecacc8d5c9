package dev.pacer.testing;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;

/** A node as operators run it: {@code bin/start.sh} in a process of its own. */
public final class ProcessNode implements AutoCloseable {
  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  private final String id;
  private final int port;
  private final Path log;
  private final Process process;

  private ProcessNode(String id, int port, Path log, Process process) {
    this.id = id;
    this.port = port;
    this.log = log;
    this.process = process;
  }

  /** Starts {@code bin/start.sh} with {@code PACER_*} variables; output goes to target/it-logs. */
  public static ProcessNode start(String id, Map<String, String> environment, String... arguments)
      throws IOException {
    int port = freePort();
    Path logs = Files.createDirectories(Path.of("target", "it-logs"));
    Path log = logs.resolve(id + "-" + System.nanoTime() + ".log");
    List<String> command = new ArrayList<>(List.of("bin/start.sh"));
    command.addAll(List.of(arguments));
    ProcessBuilder builder =
        new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
    builder.environment().keySet().removeIf(name -> name.startsWith("PACER_"));
    builder.environment().put("PACER_NODE_ID", id);
    builder.environment().put("PACER_HTTP_PORT", Integer.toString(port));
    builder.environment().putAll(environment);
    return new ProcessNode(id, port, log, builder.start());
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  public String id() {
    return id;
  }

  public long pid() {
    return process.pid();
  }

  public int health() {
    try {
      HttpRequest request =
          HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health"))
              .timeout(Duration.ofSeconds(10))
              .build();
      return HTTP.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
    } catch (IOException e) {
      return -1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return -1;
    }
  }

  /** The body of a GET of one of the node's paths. */
  public String get(String path) throws IOException, InterruptedException {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
            .timeout(Duration.ofSeconds(30))
            .build();
    return HTTP.send(request, HttpResponse.BodyHandlers.ofString()).body();
  }

  public ProcessNode awaitHealthy(Duration timeout) {
    Awaitility.await(id + " healthy; log " + log)
        .atMost(timeout)
        .pollInterval(Duration.ofMillis(200))
        .until(() -> !process.isAlive() || health() == 200);
    if (!process.isAlive()) {
      throw new IllegalStateException(id + " exited early: " + output());
    }
    return this;
  }

  /**
   * Waits until the node says it is up (it may not be healthy: a node started into more work than
   * it can do says so in /health).
   */
  public ProcessNode awaitUp(Duration timeout) {
    Awaitility.await(id + " up; log " + log)
        .atMost(timeout)
        .pollInterval(Duration.ofMillis(200))
        .until(() -> !process.isAlive() || output().contains("Node " + id + " is up"));
    if (!process.isAlive()) {
      throw new IllegalStateException(id + " exited early: " + output());
    }
    return this;
  }

  public String output() {
    try {
      return Files.readString(log);
    } catch (IOException e) {
      return "(no log: " + e.getMessage() + ")";
    }
  }

  public boolean isAlive() {
    return process.isAlive();
  }

  /** Waits for the node to end by itself; returns its exit code. */
  public int awaitExit(Duration timeout) throws InterruptedException {
    if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
      throw new IllegalStateException(id + " still runs after " + timeout + ": " + output());
    }
    return process.exitValue();
  }

  /** SIGTERM, as systemd or Ctrl-C would; returns the exit code. */
  public int terminate(Duration timeout) throws InterruptedException {
    process.destroy();
    if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
      throw new IllegalStateException(id + " did not stop within " + timeout + ": " + output());
    }
    return process.exitValue();
  }

  /** SIGKILL: the node dies without a word. */
  public void kill() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor();
  }

  @Override
  public void close() throws InterruptedException {
    if (process.isAlive()) {
      process.destroyForcibly();
      process.waitFor();
    }
  }
}
