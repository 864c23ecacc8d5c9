package dev.pacer.run.collector.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import dev.pacer.run.collector.CollectException;
import dev.pacer.run.collector.CollectRequest;
import dev.pacer.testing.TestingHttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The http collector against a real HTTP server on loopback. */
class HttpCollectorTest {
  private static final String JSON =
      "{\"queue\":{\"depth\":42,\"rate\":\"3.5\",\"name\":\"orders\",\"ok\":true}}";

  private static final HttpCollector collector = new HttpCollector();
  private static TestingHttpServer server;

  @BeforeAll
  static void startServer() throws Exception {
    server =
        new TestingHttpServer()
            .answer("/ok", 200, "hello")
            .answer("/slowish", 200, "late", Duration.ofMillis(300))
            .answer("/hung", 200, "never mind", Duration.ofSeconds(5))
            .answer("/json", 200, JSON)
            .answer("/text", 200, "temperature: 21.5 C\nhumidity: 40 %")
            .answer("/unavailable", 503, "{\"queue\":{\"depth\":1}}")
            .answer("/no-content", 204, "")
            .answer("/control", 200, "{\"v\": \"\\u001b[2J12\"}\ntemperature: \u001b[31mhot\u0000")
            .answer("/xs", 200, "x".repeat(60))
            .answer(
                "/large",
                200,
                "{\"v\": 1, \"pad\": \"" + "x".repeat(HttpCollector.MAX_BODY) + "\"}")
            .redirect("/moved", "/json");
  }

  @AfterAll
  static void stopServer() {
    server.close();
    collector.close();
  }

  @Test
  void returnsTheLatencyOfAGetInMilliseconds() throws Exception {
    double fast = collect("/ok", Map.of());
    double slow = collect("/slowish", Map.of());

    assertThat(fast).isPositive().isLessThan(1_000);
    assertThat(slow).isBetween(300.0, 2_000.0);
    assertThat(server.requests()).contains("GET /ok", "GET /slowish");
  }

  @Test
  void sendsAHeadRequestWhenAskedTo() throws Exception {
    assertThat(collect("/ok", Map.of("method", "head"))).isPositive();
    assertThat(server.requests()).contains("HEAD /ok");
  }

  @Test
  void takesANumberFromTheBodyByJsonPointer() throws Exception {
    assertThat(collect("/json", Map.of("json_pointer", "/queue/depth"))).isEqualTo(42.0);
    assertThat(collect("/json", Map.of("json_pointer", "/queue/rate"))).isEqualTo(3.5);
    assertThat(collect("/json", Map.of("json_pointer", "/queue/ok"))).isEqualTo(1.0);
    assertFails("/json", Map.of("json_pointer", "/queue/size"))
        .hasMessage("json_pointer /queue/size matches nothing in the body");
    assertFails("/json", Map.of("json_pointer", "/queue/name"))
        .hasMessage("json_pointer /queue/name is not a number: 'orders'");
    assertFails("/text", Map.of("json_pointer", "/a"))
        .hasMessageStartingWith("the body is not JSON");
  }

  @Test
  void takesTheFirstGroupOfARegex() throws Exception {
    assertThat(collect("/text", Map.of("regex", "humidity: (\\d+)"))).isEqualTo(40.0);
    assertThat(collect("/text", Map.of("regex", "-?\\d+\\.\\d+"))).isEqualTo(21.5);
    assertFails("/text", Map.of("regex", "pressure: (\\d+)"))
        .hasMessage("regex pressure: (\\d+) does not match the body");
  }

  @Test
  void aStatusOtherThan2xxIsAFailureNamingIt() throws Exception {
    assertFails("/unavailable", Map.of()).hasMessage("status 503 (expected 2xx)");
    assertFails("/missing", Map.of("json_pointer", "/a")).hasMessage("status 404 (expected 2xx)");
    assertThat(collect("/no-content", Map.of())).isPositive();
    assertThat(
            collect(
                "/unavailable",
                Map.of("expect_status", "200, 503", "json_pointer", "/queue/depth")))
        .isEqualTo(1.0);
    assertFails("/ok", Map.of("expect_status", "204")).hasMessage("status 200 (expected 204)");
  }

  @Test
  void followsRedirects() throws Exception {
    assertThat(collect("/moved", Map.of("json_pointer", "/queue/depth"))).isEqualTo(42.0);
  }

  @Test
  void givesUpAtTheRequestTimeout() {
    long start = System.nanoTime();

    assertThatThrownBy(
            () ->
                collector.collect(
                    new CollectRequest(
                        "hung", server.url("/hung"), Map.of(), Duration.ofMillis(400))))
        .isInstanceOf(CollectException.class)
        .hasMessage("no response from " + endpoint(server.url("/")) + " within 400 ms");
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(3));
  }

  @Test
  void aRefusedConnectionNamesTheEndpointAndTheReason() throws Exception {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0)) {
      closedPort = socket.getLocalPort();
    }

    assertThatThrownBy(
            () -> collectUrl("http://127.0.0.1:" + closedPort + "/", Duration.ofSeconds(2)))
        .isInstanceOf(CollectException.class)
        .hasMessage("cannot connect to 127.0.0.1:" + closedPort + ": Connection refused");
  }

  @Test
  void aConnectionNobodyAcceptsTimesOutNamingTheEndpoint() throws Exception {
    // A listener that never accepts, its backlog full: further SYNs go unanswered.
    try (ServerSocket listener = new ServerSocket()) {
      listener.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 1);
      List<Socket> queued = fillBacklog(listener);
      String endpoint = "127.0.0.1:" + listener.getLocalPort();

      assertThatThrownBy(() -> collectUrl("http://" + endpoint + "/", Duration.ofMillis(300)))
          .isInstanceOf(CollectException.class)
          .hasMessage("no connection to " + endpoint + " within 300 ms");
      for (Socket socket : queued) {
        socket.close();
      }
    }
  }

  @Test
  void anUnknownHostIsNamed() {
    assertThatThrownBy(() -> collectUrl("http://no-such-host.invalid:8080/", Duration.ofSeconds(5)))
        .isInstanceOf(CollectException.class)
        .hasMessage("unknown host no-such-host.invalid");
  }

  @Test
  void aTlsFailureNamesTheEndpointAndTheReason(@TempDir Path directory) throws Exception {
    try (ServerSocket plain = plainHttpServer()) {
      String endpoint = "127.0.0.1:" + plain.getLocalPort();
      assertThatThrownBy(() -> collectUrl("https://" + endpoint + "/", Duration.ofSeconds(10)))
          .isInstanceOf(CollectException.class)
          .hasMessage(
              "TLS with " + endpoint + " failed: Unrecognized SSL message, plaintext connection?");
    }

    HttpsServer untrusted = selfSignedServer(directory);
    try {
      String endpoint = "127.0.0.1:" + untrusted.getAddress().getPort();
      assertThatThrownBy(() -> collectUrl("https://" + endpoint + "/", Duration.ofSeconds(10)))
          .isInstanceOf(CollectException.class)
          .hasMessage(
              "TLS with "
                  + endpoint
                  + " failed: PKIX path building failed: unable to find valid certification path"
                  + " to requested target");
    } finally {
      untrusted.stop(0);
    }
  }

  @Test
  void aHandshakeNobodyAnswersTimesOutNamingTheEndpoint() {
    // The plain-http test server reads the TLS hello as the start of a request and waits.
    String plain = endpoint(server.url("/"));

    assertThatThrownBy(() -> collectUrl("https://" + plain + "/ok", Duration.ofMillis(500)))
        .isInstanceOf(CollectException.class)
        .hasMessage("no connection to " + plain + " within 500 ms (connect and TLS handshake)");
  }

  @Test
  void escapesControlCharactersOfTheBodyInTheError() {
    assertFails("/control", Map.of("json_pointer", "/v"))
        .hasMessage("json_pointer /v is not a number: '\\u001b[2J12'");
    assertFails("/control", Map.of("regex", "temperature: (\\S+)"))
        .hasMessage(
            "the match of regex temperature: (\\S+) is not a number: '\\u001b[31mhot\\u0000'");
  }

  @Test
  void aBodyOverTheLimitIsAFailure() {
    assertFails("/large", Map.of("json_pointer", "/v"))
        .hasMessage("the body is larger than " + HttpCollector.MAX_BODY + " bytes");
    assertFails("/large", Map.of("regex", "\"v\": (\\d+)"))
        .hasMessage("the body is larger than " + HttpCollector.MAX_BODY + " bytes");
  }

  @Test
  void aRegexThatBacktracksWithoutEndIsStoppedAtTheTimeout() {
    long start = System.nanoTime();

    assertThatThrownBy(
            () ->
                collector.collect(
                    new CollectRequest(
                        "x",
                        server.url("/xs"),
                        Map.of("regex", "(.*x){12}y"),
                        Duration.ofSeconds(1))))
        .isInstanceOf(CollectException.class)
        .hasMessage("regex (.*x){12}y took longer than the run's timeout to match the body");
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
  }

  @Test
  void anUnexpectedStatusFailsWithoutWaitingForItsBody() throws Exception {
    try (ServerSocket listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      String url = "http://127.0.0.1:" + listener.getLocalPort() + "/";
      CompletableFuture<Double> value =
          collector.collectAsync(
              new CollectRequest("x", url, Map.of("json_pointer", "/a"), Duration.ofSeconds(30)));
      try (Socket connection = listener.accept()) {
        readRequest(connection);
        long start = System.nanoTime();
        write(connection, "HTTP/1.1 503 Busy\r\nContent-Length: 100000\r\n\r\n{\"a\":");

        assertThatThrownBy(() -> value.get(10, TimeUnit.SECONDS))
            .hasCauseInstanceOf(CollectException.class)
            .cause()
            .hasMessage("status 503 (expected 2xx)");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
        assertClosedWithin(connection, Duration.ofSeconds(1));
      }
    }
  }

  @Test
  void cancellingAbortsTheExchangeAndClosesTheConnection() throws Exception {
    try (ServerSocket listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      String url = "http://127.0.0.1:" + listener.getLocalPort() + "/";

      // A server that accepts and never answers.
      CompletableFuture<Double> waiting =
          collector.collectAsync(new CollectRequest("x", url, Map.of(), Duration.ofSeconds(30)));
      try (Socket connection = listener.accept()) {
        readRequest(connection);
        waiting.cancel(true);
        assertClosedWithin(connection, Duration.ofSeconds(1));
      }

      // One that sends its headers and never the whole body.
      CompletableFuture<Double> reading =
          collector.collectAsync(
              new CollectRequest("x", url, Map.of("json_pointer", "/a"), Duration.ofSeconds(30)));
      try (Socket connection = listener.accept()) {
        readRequest(connection);
        write(connection, "HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\n{\"a\":");
        await().during(Duration.ofMillis(200)).until(() -> !reading.isDone());
        reading.cancel(true);
        assertClosedWithin(connection, Duration.ofSeconds(1));
      }
    }
  }

  @Test
  void thousandsOfCollectionsWaitWithoutAThreadEach() throws Exception {
    int collections = 2_000;
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    try (TestingHttpServer slow = new TestingHttpServer().hold("/slow", 200, "{\"v\": 7}")) {
      // Threads earlier tests in this JVM left (HTTP clients' selectors, until collected) count
      // for nothing here: only those these collections add.
      int before = threads.getThreadCount();
      threads.resetPeakThreadCount();
      long start = System.nanoTime();
      List<CompletableFuture<Double>> values = new ArrayList<>();
      for (int i = 0; i < collections; i++) {
        values.add(
            collector.collectAsync(
                new CollectRequest(
                    "item" + i,
                    slow.url("/slow"),
                    Map.of("json_pointer", "/v"),
                    Duration.ofMinutes(2))));
      }
      long started = System.nanoTime();

      // All in flight at once: the server holds every request until the last has come.
      await().atMost(Duration.ofMinutes(2)).until(slow::held, held -> held == collections);
      int whileWaiting = threads.getThreadCount();
      assertThat(values).noneMatch(CompletableFuture::isDone);
      slow.release();
      CompletableFuture.allOf(values.toArray(CompletableFuture[]::new)).get(2, TimeUnit.MINUTES);

      assertThat(values).allSatisfy(value -> assertThat(value.join()).isEqualTo(7.0));
      int peak = threads.getPeakThreadCount();
      System.out.printf(
          "%d collections: started in %d ms, all answered after %d ms; threads %d while waiting,"
              + " peak %d%n",
          collections,
          (started - start) / 1_000_000,
          (System.nanoTime() - start) / 1_000_000,
          whileWaiting,
          peak);
      assertThat(peak - before)
          .as("threads added at the peak (%d before, %d at the peak)", before, peak)
          .isLessThan(100);
    }
  }

  private static void readRequest(Socket connection) throws IOException {
    connection.setSoTimeout(10_000);
    InputStream in = connection.getInputStream();
    StringBuilder head = new StringBuilder();
    while (!head.toString().endsWith("\r\n\r\n")) {
      int next = in.read();
      assertThat(next).as("the request so far: " + head).isNotNegative();
      head.append((char) next);
    }
  }

  private static void write(Socket connection, String text) throws IOException {
    connection.getOutputStream().write(text.getBytes(StandardCharsets.US_ASCII));
    connection.getOutputStream().flush();
  }

  /** The client closes the connection: a read sees its end (or a reset) within {@code limit}. */
  private static void assertClosedWithin(Socket connection, Duration limit) throws IOException {
    long start = System.nanoTime();
    connection.setSoTimeout((int) limit.toMillis());
    InputStream in = connection.getInputStream();
    try {
      while (in.read() != -1) {
        // whatever the client still sent
      }
    } catch (SocketTimeoutException e) {
      throw new AssertionError("the connection is still open after " + limit.toMillis() + " ms");
    } catch (SocketException e) {
      // reset by the client: closed too
    }
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(limit);
  }

  /** A server on loopback that answers whatever it is sent with a plain HTTP/1.1 400. */
  private static ServerSocket plainHttpServer() throws IOException {
    ServerSocket listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    Thread thread =
        new Thread(
            () -> {
              while (!listener.isClosed()) {
                try (Socket socket = listener.accept()) {
                  socket.getInputStream().read(new byte[4096]);
                  socket
                      .getOutputStream()
                      .write(
                          "HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n"
                              .getBytes(StandardCharsets.US_ASCII));
                } catch (IOException e) {
                  // closed, or the client went away
                }
              }
            });
    thread.setDaemon(true);
    thread.start();
    return listener;
  }

  /** An HTTPS server on loopback whose certificate, made now by keytool, nobody trusts. */
  private static HttpsServer selfSignedServer(Path directory) throws Exception {
    Path keystore = directory.resolve("server.p12");
    Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
    Process generate =
        new ProcessBuilder(
                keytool.toString(),
                "-genkeypair",
                "-alias",
                "server",
                "-keyalg",
                "EC",
                "-dname",
                "CN=127.0.0.1",
                "-ext",
                "SAN=ip:127.0.0.1",
                "-validity",
                "2",
                "-storetype",
                "PKCS12",
                "-keystore",
                keystore.toString(),
                "-storepass",
                "changeit")
            .redirectErrorStream(true)
            .start();
    String output = new String(generate.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(generate.waitFor()).as(output).isZero();
    KeyStore keys = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(keystore)) {
      keys.load(in, "changeit".toCharArray());
    }
    KeyManagerFactory managers =
        KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    managers.init(keys, "changeit".toCharArray());
    SSLContext tls = SSLContext.getInstance("TLS");
    tls.init(managers.getKeyManagers(), null, null);
    HttpsServer https = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 50);
    https.setHttpsConfigurator(new HttpsConfigurator(tls));
    https.createContext(
        "/",
        exchange -> {
          exchange.sendResponseHeaders(200, -1);
          exchange.close();
        });
    https.start();
    return https;
  }

  private static String endpoint(String url) {
    URI uri = URI.create(url);
    return uri.getHost() + ":" + uri.getPort();
  }

  private static List<Socket> fillBacklog(ServerSocket listener) {
    List<Socket> sockets = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      Socket socket = new Socket();
      sockets.add(socket);
      try {
        socket.connect(listener.getLocalSocketAddress(), 100);
      } catch (IOException e) {
        break; // the queue is full
      }
    }
    return sockets;
  }

  @Test
  void refusesTargetsAndOptionsItCannotUse() {
    assertThatThrownBy(() -> collector.check(null, Map.of()))
        .hasMessage("needs a target: an http or https URL");
    assertThatThrownBy(() -> collector.check("ftp://example.com/x", Map.of()))
        .hasMessage("target 'ftp://example.com/x' is not an http or https URL");
    assertThatThrownBy(() -> collector.check("file:///etc/passwd", Map.of()))
        .hasMessageContaining("is not an http or https URL");
    assertThatThrownBy(() -> collector.check("http://me:secret@example.com/", Map.of()))
        .hasMessage("target must not hold credentials (user:password@)");
    assertThatThrownBy(() -> collector.check("http://example.com", Map.of("jsonpointer", "/a")))
        .hasMessage(
            "unknown option 'jsonpointer' (known: expect_status, json_pointer, method, regex)");
    assertThatThrownBy(() -> collector.check("http://example.com", Map.of("method", "POST")))
        .hasMessage("method 'POST' is not GET or HEAD");
    assertThatThrownBy(
            () ->
                collector.check("http://example.com", Map.of("method", "HEAD", "regex", "(\\d+)")))
        .hasMessage("a HEAD response has no body to take a number from");
    assertThatThrownBy(() -> collector.check("http://example.com", Map.of("regex", "(")))
        .hasMessageStartingWith("regex is invalid");
    assertThatThrownBy(
            () ->
                collector.check(
                    "http://example.com", Map.of("regex", "(\\d+)", "json_pointer", "/a")))
        .hasMessage("json_pointer and regex exclude each other");
    assertThatThrownBy(() -> collector.check("http://example.com", Map.of("expect_status", "ok")))
        .hasMessage("expect_status 'ok' is not a list of HTTP statuses such as 200,204");
  }

  private double collectUrl(String url, Duration timeout) throws Exception {
    return collector.collect(new CollectRequest("x", url, Map.of(), timeout));
  }

  private double collect(String path, Map<String, String> options) throws Exception {
    return collector.collect(
        new CollectRequest("item", server.url(path), options, Duration.ofSeconds(5)));
  }

  private org.assertj.core.api.AbstractThrowableAssert<?, ? extends Throwable> assertFails(
      String path, Map<String, String> options) {
    return assertThatThrownBy(() -> collect(path, options)).isInstanceOf(CollectException.class);
  }
}
