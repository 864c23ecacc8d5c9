package dev.pacer.run.collector.net;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.channels.AsynchronousChannelGroup;
import java.nio.channels.AsynchronousSocketChannel;
import java.nio.channels.CompletionHandler;
import java.nio.channels.ShutdownChannelGroupException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Opens TCP connections without a thread each: one I/O thread (started on first use) waits for all
 * of them, and the JDK's timer thread ends those that take too long.
 */
public final class Connector implements AutoCloseable {
  private final String threadName;
  private AsynchronousChannelGroup group; // guarded by this
  private boolean closed; // guarded by this

  /**
   * @param threadName the name of the I/O thread
   */
  public Connector(String threadName) {
    this.threadName = threadName;
  }

  /**
   * Connects to {@code address} and closes the connection again.
   *
   * @return how long the connect took; fails with {@link SocketTimeoutException} when it takes
   *     longer than {@code timeout}, else with the {@link IOException} of the connect. Cancelling
   *     it closes the socket.
   */
  public CompletableFuture<Duration> connect(InetSocketAddress address, Duration timeout) {
    AsynchronousSocketChannel channel;
    try {
      channel = AsynchronousSocketChannel.open(group());
    } catch (IOException | RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
    CompletableFuture<Duration> connected = new CompletableFuture<>();
    CompletableFuture<Void> deadline =
        new CompletableFuture<Void>()
            .orTimeout(Math.max(1, timeout.toMillis()), TimeUnit.MILLISECONDS);
    deadline.whenComplete(
        (ignored, late) -> {
          if (late != null) {
            connected.completeExceptionally(new SocketTimeoutException("connect timed out"));
          }
        });
    connected.whenComplete(
        (took, error) -> {
          deadline.complete(null); // takes the timer's task away
          close(channel);
        });
    long start = System.nanoTime();
    try {
      channel.connect(
          address,
          null,
          new CompletionHandler<Void, Void>() {
            @Override
            public void completed(Void ignored, Void attachment) {
              connected.complete(Duration.ofNanos(System.nanoTime() - start));
            }

            @Override
            public void failed(Throwable error, Void attachment) {
              connected.completeExceptionally(error);
            }
          });
    } catch (RuntimeException e) {
      connected.completeExceptionally(e); // unresolved, or the group shut down
    }
    return connected;
  }

  private synchronized AsynchronousChannelGroup group() throws IOException {
    if (closed) {
      throw new ShutdownChannelGroupException();
    }
    if (group == null) {
      group = AsynchronousChannelGroup.withFixedThreadPool(1, DaemonThreads.named(threadName));
    }
    return group;
  }

  private static void close(AsynchronousSocketChannel channel) {
    try {
      channel.close();
    } catch (IOException e) {
      // nothing to do: the socket is gone either way
    }
  }

  @Override
  public synchronized void close() {
    closed = true;
    if (group != null) {
      try {
        group.shutdownNow(); // closes the sockets still connecting
      } catch (IOException e) {
        // they are closed as far as they can be
      }
    }
  }
}
