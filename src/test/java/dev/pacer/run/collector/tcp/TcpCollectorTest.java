package dev.pacer.run.collector.tcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.pacer.run.collector.CollectException;
import dev.pacer.run.collector.CollectRequest;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/** The tcp collector against real listeners on loopback. */
class TcpCollectorTest {
  private static final TcpCollector collector = new TcpCollector();

  @AfterAll
  static void closeCollector() {
    collector.close();
  }

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
    try (ServerSocket listener = blackHole()) {
      List<Socket> queued = fillBacklog(listener);
      String target = "127.0.0.1:" + listener.getLocalPort();
      long start = System.nanoTime();

      assertThatThrownBy(() -> collect(target, Duration.ofMillis(300)))
          .isInstanceOf(CollectException.class)
          .hasMessage("no connection to " + target + " within 300 ms");
      assertThat(Duration.ofNanos(System.nanoTime() - start))
          .isBetween(Duration.ofMillis(250), Duration.ofSeconds(2));
      close(queued);
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

  @Test
  void cancellingAConnectClosesItsSocket() throws Exception {
    try (ServerSocket listener = blackHole()) {
      List<Socket> queued = fillBacklog(listener);
      int port = listener.getLocalPort();
      CompletableFuture<Double> value =
          collector.collectAsync(
              new CollectRequest("item", "127.0.0.1:" + port, Map.of(), Duration.ofSeconds(30)));
      await().atMost(Duration.ofSeconds(10)).until(() -> connectingTo(port) == 1);

      long start = System.nanoTime();
      value.cancel(true);
      await().atMost(Duration.ofSeconds(1)).until(() -> connectingTo(port) == 0);

      assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(1));
      close(queued);
    }
  }

  @Test
  void thousandsOfConnectsWaitWithoutAThreadEach() throws Exception {
    int collections = 2_000;
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    try (ServerSocket listener = blackHole()) {
      List<Socket> queued = fillBacklog(listener);
      int port = listener.getLocalPort();
      // Threads earlier tests in this JVM left count for nothing: only those the connects add.
      int before = threads.getThreadCount();
      threads.resetPeakThreadCount();
      List<CompletableFuture<Double>> values = new ArrayList<>();
      for (int i = 0; i < collections; i++) {
        values.add(
            collector.collectAsync(
                new CollectRequest(
                    "item" + i, "127.0.0.1:" + port, Map.of(), Duration.ofMinutes(2))));
      }

      // All in flight at once, as the kernel sees them: each socket still sends its SYN.
      await().atMost(Duration.ofMinutes(1)).until(() -> connectingTo(port) == collections);
      assertThat(values).noneMatch(CompletableFuture::isDone);
      int peak = threads.getPeakThreadCount();
      values.forEach(value -> value.cancel(true));
      await().atMost(Duration.ofSeconds(10)).until(() -> connectingTo(port) == 0);

      System.out.printf("%d connects in flight: peak threads %d%n", collections, peak);
      assertThat(peak - before)
          .as("threads added at the peak (%d before, %d at the peak)", before, peak)
          .isLessThan(100);
      close(queued);
    }
  }

  private double collect(String target, Duration timeout) throws Exception {
    return collector.collect(new CollectRequest("item", target, Map.of(), timeout));
  }

  /** A listener that never accepts: once its backlog is full, further SYNs go unanswered. */
  private static ServerSocket blackHole() throws IOException {
    ServerSocket listener = new ServerSocket();
    listener.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 1);
    return listener;
  }

  /**
   * Sockets of this machine connecting to {@code port} now (state SYN_SENT), as the kernel lists
   * them.
   */
  private static long connectingTo(int port) throws IOException {
    long count = 0;
    for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
      List<String> lines = Files.readAllLines(Path.of(table));
      for (String line : lines.subList(1, lines.size())) {
        String[] fields = line.trim().split("\\s+");
        String remote = fields[2];
        int remotePort = Integer.parseInt(remote.substring(remote.lastIndexOf(':') + 1), 16);
        if (remotePort == port && fields[3].equals("02")) {
          count++;
        }
      }
    }
    return count;
  }

  private static void close(List<Socket> sockets) throws IOException {
    for (Socket socket : sockets) {
      socket.close();
    }
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
}
