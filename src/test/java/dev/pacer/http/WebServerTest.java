package dev.pacer.http;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;

import dev.pacer.testing.TestingDatabase;
import dev.pacer.testing.TestingNode;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The endpoints are read-only, and every answer, Jetty's own too, carries the same headers. */
class WebServerTest {
  @RegisterExtension static final TestingDatabase db = TestingDatabase.mysql();
  private static TestingNode node;
  private final HttpClient client = HttpClient.newHttpClient();

  @BeforeAll
  static void start() throws Exception {
    node = TestingNode.on(db).start();
  }

  @AfterAll
  static void stop() {
    node.close();
  }

  @Test
  void headAnswersLikeGetWithoutTheBody() throws Exception {
    HttpResponse<String> get = send("GET", "/dashboard.css");
    HttpResponse<String> head = send("HEAD", "/dashboard.css");

    assertThat(get.statusCode()).isEqualTo(200);
    assertThat(get.body()).isNotEmpty();
    assertThat(head.statusCode()).isEqualTo(200);
    assertThat(head.body()).isEmpty();
    assertThat(head.headers().firstValue("Content-Length"))
        .hasValue(
            Integer.toString(get.body().getBytes(java.nio.charset.StandardCharsets.UTF_8).length));
    assertThat(head.headers().firstValue("Content-Type")).hasValue("text/css; charset=utf-8");
    assertSecurityHeaders(get.headers());
    assertSecurityHeaders(head.headers());
  }

  @Test
  void refusesEveryOtherMethodWith405() throws Exception {
    for (String method : new String[] {"POST", "PUT", "DELETE", "PATCH", "OPTIONS", "TRACE"}) {
      HttpResponse<String> refused = send(method, "/health");
      assertThat(refused.statusCode()).as(method).isEqualTo(405);
      assertThat(refused.headers().firstValue("Allow")).as(method).hasValue("GET, HEAD");
      assertSecurityHeaders(refused.headers());
    }
  }

  @Test
  void unknownPathsAre404AndPathsMatchExactly() throws Exception {
    assertThat(send("GET", "/nothing-here").statusCode()).isEqualTo(404);
    assertThat(send("GET", "/health/").statusCode()).isEqualTo(404);
    assertThat(send("GET", "/metricsx").statusCode()).isEqualTo(404);
    assertSecurityHeaders(send("GET", "/nothing-here").headers());
  }

  @Test
  void aMalformedRequestGetsJettysStatusWithPacersHeadersAndNoServerVersion() throws Exception {
    try (Socket socket = new Socket("127.0.0.1", node.httpPort())) {
      socket.getOutputStream().write("NONSENSE\r\n\r\n".getBytes(US_ASCII));
      String answer = new String(socket.getInputStream().readAllBytes(), US_ASCII);

      assertThat(answer).startsWith("HTTP/1.1 400 ");
      assertThat(answer)
          .contains("Content-Security-Policy: default-src 'self'; frame-ancestors 'none'")
          .contains("X-Content-Type-Options: nosniff")
          .doesNotContainIgnoringCase("Server:")
          .doesNotContainIgnoringCase("jetty")
          .doesNotContain("<html");
    }
  }

  private HttpResponse<String> send(String method, String path) throws Exception {
    return client.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + node.httpPort() + path))
            .method(method, BodyPublishers.noBody())
            .build(),
        BodyHandlers.ofString());
  }

  private static void assertSecurityHeaders(HttpHeaders headers) {
    assertThat(headers.firstValue("Content-Security-Policy"))
        .hasValue("default-src 'self'; frame-ancestors 'none'");
    assertThat(headers.firstValue("X-Content-Type-Options")).hasValue("nosniff");
    assertThat(headers.firstValue("Cache-Control")).hasValue("no-store");
    assertThat(headers.firstValue("Server")).isEmpty();
  }
}
