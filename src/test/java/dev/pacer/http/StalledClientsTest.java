package dev.pacer.http;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.pacer.testing.TestingDatabase;
import dev.pacer.testing.TestingNode;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Clients that send half a request and stall cost the node a connection each, not a thread: /health
 * still answers at once, and the server closes them after its idle timeout.
 */
class StalledClientsTest {
  @RegisterExtension static final TestingDatabase db = TestingDatabase.mysql();

  private static final int STALLED = 16;
  private static final Duration IDLE_TIMEOUT = Duration.ofSeconds(2);

  @Test
  void healthAnswersWithinASecondWhileSixteenClientsStallAndTheyAreClosedAfterTheTimeout()
      throws Exception {
    try (TestingNode node =
        TestingNode.on(db).set("http.idle-timeout", IDLE_TIMEOUT.toMillis() + "ms").start()) {
      HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
      HttpRequest health =
          HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + node.httpPort() + "/health"))
              .timeout(Duration.ofSeconds(5))
              .build();
      await()
          .until(
              () -> client.send(health, HttpResponse.BodyHandlers.ofString()).statusCode() == 200);

      List<Socket> stalled = new ArrayList<>();
      try {
        for (int i = 0; i < STALLED; i++) {
          stalled.add(
              stall(node.httpPort(), i % 2 == 0 ? "GET /hea" : "GET /health HTTP/1.1\r\nHo"));
        }
        long sent = System.nanoTime();

        long before = System.nanoTime();
        HttpResponse<String> answer = client.send(health, HttpResponse.BodyHandlers.ofString());
        Duration took = Duration.ofNanos(System.nanoTime() - before);
        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(took).isLessThan(Duration.ofSeconds(1));

        for (Socket socket : stalled) {
          assertThat(closedByServer(socket)).isTrue();
        }
        Duration allClosed = Duration.ofNanos(System.nanoTime() - sent);
        assertThat(allClosed)
            .isGreaterThanOrEqualTo(IDLE_TIMEOUT.minusMillis(500))
            .isLessThan(IDLE_TIMEOUT.plusSeconds(10));
      } finally {
        for (Socket socket : stalled) {
          socket.close();
        }
      }
    }
  }

  private static Socket stall(int port, String half) throws IOException {
    Socket socket = new Socket("127.0.0.1", port);
    socket.getOutputStream().write(half.getBytes(US_ASCII));
    socket.getOutputStream().flush();
    return socket;
  }

  /** Reads until the server closes the connection (whatever it says first), at most 20 s. */
  private static boolean closedByServer(Socket socket) throws IOException {
    socket.setSoTimeout(20_000);
    InputStream in = socket.getInputStream();
    try {
      while (in.read() >= 0) {
        // a 408 or 400 before the close is fine
      }
      return true;
    } catch (SocketException reset) {
      return true;
    }
  }
}
