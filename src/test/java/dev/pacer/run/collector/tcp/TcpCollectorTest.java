package dev.pacer.run.collector.tcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pacer.run.collector.CollectException;
import dev.pacer.run.collector.CollectRequest;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The tcp collector against real listeners on loopback. */
class TcpCollectorTest {
  private final TcpCollector collector = new TcpCollector();

  @Test
  void returnsTheConnectTimeInMilliseconds() throws Exception {
    try (ServerSocket listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      double millis = collect("127.0.0.1:" + listener.getLocalPort(), Duration.ofSeconds(2));

      assertThat(millis).isPositive().isLessThan(1_000);
    }
  }

  @Test
  void connectsToIpv6AndNamedHosts() throws Exception {
    try (ServerSocket listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      assertThat(collect("localhost:" + listener.getLocalPort(), Duration.ofSeconds(2)))
          .isPositive();
    }
    assertThat(TcpCollector.Endpoint.parse("[::1]:22")).hasToString("[::1]:22");
    assertThat(TcpCollector.Endpoint.parse("[::1]:22").host()).isEqualTo("::1");
  }

  @Test
  void aRefusedConnectionIsAFailureNamingTheEndpoint() throws Exception {
    int port;
    try (ServerSocket closed = new ServerSocket(0)) {
      port = closed.getLocalPort();
    }
    String target = "127.0.0.1:" + port;

    assertThatThrownBy(() -> collect(target, Duration.ofSeconds(2)))
        .isInstanceOf(CollectException.class)
        .hasMessageStartingWith("cannot connect to " + target + ": Connection refused");
  }

  @Test
  void givesUpAtTheTimeoutWhenNobodyAnswers() throws Exception {
    // A listener that never accepts, its backlog full: further SYNs go unanswered.
    try (ServerSocket listener = new ServerSocket()) {
      listener.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 1);
      List<Socket> queued = fillBacklog(listener);
      String target = "127.0.0.1:" + listener.getLocalPort();
      long start = System.nanoTime();

      assertThatThrownBy(() -> collect(target, Duration.ofMillis(300)))
          .isInstanceOf(CollectException.class)
          .hasMessage("no connection to " + target + " within 300 ms");
      assertThat(Duration.ofNanos(System.nanoTime() - start))
          .isBetween(Duration.ofMillis(250), Duration.ofSeconds(2));
      for (Socket socket : queued) {
        socket.close();
      }
    }
  }

  @Test
  void refusesTargetsThatAreNotHostAndPort() {
    for (String target :
        List.of("localhost", "localhost:", ":80", "host:0", "host:70000", "::1:22")) {
      assertThatThrownBy(() -> collector.check(target, Map.of()))
          .as(target)
          .hasMessageContaining("is not host:port");
    }
    assertThatThrownBy(() -> collector.check("host:1", Map.of("timeout", "1")))
        .hasMessage("unknown option 'timeout' (known: none)");
    assertThatThrownBy(() -> collect("no-such-host.invalid:80", Duration.ofSeconds(2)))
        .hasMessage("unknown host no-such-host.invalid");
  }

  private double collect(String target, Duration timeout) throws Exception {
    return collector.collect(new CollectRequest("item", target, Map.of(), timeout));
  }

  private static List<Socket> fillBacklog(ServerSocket listener) {
    List<Socket> sockets = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      Socket socket = new Socket();
      sockets.add(socket);
      try {
        socket.connect(listener.getLocalSocketAddress(), 100);
      } catch (java.io.IOException e) {
        break; // the queue is full
      }
    }
    return sockets;
  }
}
