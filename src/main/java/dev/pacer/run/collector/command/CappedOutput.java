package dev.pacer.run.collector.command;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * Reads one of a command's output streams to its end on a thread of its own, keeping the first
 * bytes and discarding the rest: a chatty command never blocks on a full pipe, and its output costs
 * neither disk nor more than the cap of memory.
 */
final class CappedOutput {
  private final InputStream in;
  private final int limit;
  private final ByteArrayOutputStream kept = new ByteArrayOutputStream();
  private final Thread reader;
  private long total;

  private CappedOutput(InputStream in, int limit, String name) {
    this.in = in;
    this.limit = limit;
    this.reader = new Thread(this::drain, name);
    reader.setDaemon(true);
  }

  static CappedOutput drain(InputStream in, int limit, String name) {
    CappedOutput output = new CappedOutput(in, limit, name);
    output.reader.start();
    return output;
  }

  private void drain() {
    byte[] buffer = new byte[8192];
    try (in) {
      for (int n; (n = in.read(buffer)) >= 0; ) {
        synchronized (this) {
          kept.write(buffer, 0, Math.min(n, Math.max(0, limit - kept.size())));
          total += n;
        }
      }
    } catch (IOException e) {
      // The stream was closed under us: what was read is all there is.
    }
  }

  /**
   * Waits for the end of the stream, which comes when every process holding the pipe's other end
   * has exited.
   *
   * @return false if it did not come within {@code grace}; the reader then goes on alone
   */
  boolean awaitEnd(Duration grace) throws InterruptedException {
    reader.join(Math.max(1, grace.toMillis()));
    return !reader.isAlive();
  }

  /** What was kept so far, as UTF-8. */
  synchronized String text() {
    return kept.toString(StandardCharsets.UTF_8);
  }

  /** How many bytes were read so far, kept or not. */
  synchronized long total() {
    return total;
  }
}
