package dev.pacer.run.collector.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pacer.run.collector.CollectException;
import dev.pacer.run.collector.CollectRequest;
import dev.pacer.testing.TestingHttpServer;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The http collector against a real HTTP server on loopback. */
class HttpCollectorTest {
  private static final String JSON =
      "{\"queue\":{\"depth\":42,\"rate\":\"3.5\",\"name\":\"orders\",\"ok\":true}}";

  private static TestingHttpServer server;
  private final HttpCollector collector = new HttpCollector();

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
            .redirect("/moved", "/json");
  }

  @AfterAll
  static void stopServer() {
    server.close();
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
        .hasMessage("no response within 400 ms");
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(3));
  }

  @Test
  void aRefusedConnectionIsAFailure() throws Exception {
    int closedPort;
    try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
      closedPort = socket.getLocalPort();
    }
    assertThatThrownBy(
            () ->
                collector.collect(
                    new CollectRequest(
                        "x",
                        "http://127.0.0.1:" + closedPort + "/",
                        Map.of(),
                        Duration.ofSeconds(2))))
        .isInstanceOf(CollectException.class)
        .hasMessageStartingWith("ConnectException");
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

  private double collect(String path, Map<String, String> options) throws Exception {
    return collector.collect(
        new CollectRequest("item", server.url(path), options, Duration.ofSeconds(5)));
  }

  private org.assertj.core.api.AbstractThrowableAssert<?, ? extends Throwable> assertFails(
      String path, Map<String, String> options) {
    return assertThatThrownBy(() -> collect(path, options)).isInstanceOf(CollectException.class);
  }
}
