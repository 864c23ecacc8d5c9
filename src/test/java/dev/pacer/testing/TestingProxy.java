package dev.pacer.testing;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A TCP proxy on loopback the test controls: {@link #cut()} drops every connection and refuses new
 * ones, as if the database went away; {@link #blackhole()} silently stops passing bytes either way
 * while every connection stays open (a partition that drops packets: neither side hears of it);
 * {@link #restore()} lets connections through again.
 */
public final class TestingProxy implements Closeable {
  private final String targetHost;
  private final int targetPort;
  private final int port;
  private final List<Socket> sockets = new CopyOnWriteArrayList<>();
  private volatile ServerSocket listener;
  private volatile boolean blackholed;

  public TestingProxy(String targetHost, int targetPort) throws IOException {
    this.targetHost = targetHost;
    this.targetPort = targetPort;
    ServerSocket first = new ServerSocket();
    first.setReuseAddress(true);
    first.bind(new InetSocketAddress("127.0.0.1", 0));
    this.port = first.getLocalPort();
    listen(first);
  }

  public int port() {
    return port;
  }

  public synchronized void cut() throws IOException {
    if (listener != null) {
      listener.close();
      listener = null;
    }
    closeAll();
  }

  /**
   * Passes no more bytes and connects nothing new, but closes nothing: both ends keep waiting, the
   * database keeps the sessions (and the row locks of their open transactions).
   */
  public synchronized void blackhole() {
    blackholed = true;
  }

  /**
   * Passes bytes again. Connections the black hole held are closed first (their ends gave up
   * waiting long ago, as a real partition's would), so only new connections go through.
   */
  public synchronized void restore() throws IOException {
    if (blackholed) {
      closeAll();
      blackholed = false;
    }
    if (listener == null) {
      ServerSocket again = new ServerSocket();
      again.setReuseAddress(true);
      again.bind(new InetSocketAddress("127.0.0.1", port));
      listen(again);
    }
  }

  private void closeAll() {
    for (Socket socket : sockets) {
      closeQuietly(socket);
    }
    sockets.clear();
  }

  private void listen(ServerSocket server) {
    listener = server;
    Thread acceptor = new Thread(() -> accept(server), "proxy-accept-" + port);
    acceptor.setDaemon(true);
    acceptor.start();
  }

  private void accept(ServerSocket server) {
    while (!server.isClosed()) {
      try {
        Socket client = server.accept();
        sockets.add(client);
        if (blackholed) {
          continue; // accepted by the kernel, never answered
        }
        Socket upstream;
        try {
          upstream = new Socket(targetHost, targetPort);
        } catch (IOException refused) {
          closeQuietly(client); // as the database's own port would: refused, not silent
          continue;
        }
        sockets.add(upstream);
        pump(client, upstream);
        pump(upstream, client);
      } catch (IOException e) {
        // closed by cut() or close()
      }
    }
  }

  private void pump(Socket from, Socket to) {
    Thread thread =
        new Thread(
            () -> {
              byte[] buffer = new byte[16384];
              try (InputStream in = from.getInputStream();
                  OutputStream out = to.getOutputStream()) {
                for (int n; (n = in.read(buffer)) >= 0; ) {
                  while (blackholed && !from.isClosed()) {
                    Thread.sleep(50); // holds the bytes; the other end hears nothing
                  }
                  out.write(buffer, 0, n);
                  out.flush();
                }
              } catch (IOException e) {
                // one side closed
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              } finally {
                closeQuietly(from);
                if (!blackholed) {
                  closeQuietly(to); // in a black hole the other end hears nothing, not even this
                }
              }
            },
            "proxy-pump-" + port);
    thread.setDaemon(true);
    thread.start();
  }

  private static void closeQuietly(Socket socket) {
    try {
      socket.close();
    } catch (IOException e) {
      // already closed
    }
  }

  @Override
  public void close() throws IOException {
    cut();
  }
}
