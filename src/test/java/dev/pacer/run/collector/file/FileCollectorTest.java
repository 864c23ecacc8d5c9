package dev.pacer.run.collector.file;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pacer.run.collector.CollectException;
import dev.pacer.run.collector.CollectRequest;
import java.io.RandomAccessFile;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The file collector on real files. */
class FileCollectorTest {
  private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");

  @TempDir Path directory;
  private final FileCollector collector = new FileCollector(Clock.fixed(NOW, ZoneOffset.UTC));

  @Test
  void measuresSizeInBytesByDefault() throws Exception {
    Path file = Files.writeString(directory.resolve("a.log"), "héllo\n");

    assertThat(collect(file, Map.of())).isEqualTo(7.0);
    assertThat(collect(file, Map.of("mode", "size"))).isEqualTo(7.0);
    assertThat(collect(Files.createFile(directory.resolve("empty")), Map.of())).isZero();
  }

  @Test
  void measuresAgeInSecondsSinceTheLastModification() throws Exception {
    Path file = Files.writeString(directory.resolve("heartbeat"), "");
    Files.setLastModifiedTime(file, FileTime.from(NOW.minus(Duration.ofMillis(90_500))));

    assertThat(collect(file, Map.of("mode", "age"))).isEqualTo(90.5);
  }

  @Test
  void countsLinesWithOrWithoutAFinalNewline() throws Exception {
    assertThat(collect(Files.writeString(directory.resolve("a"), "1\n2\n3\n"), lines()))
        .isEqualTo(3);
    assertThat(collect(Files.writeString(directory.resolve("b"), "1\n2\n3"), lines())).isEqualTo(3);
    assertThat(collect(Files.writeString(directory.resolve("c"), ""), lines())).isZero();
    assertThat(collect(Files.writeString(directory.resolve("d"), "\n\n"), lines())).isEqualTo(2);
    Path big = directory.resolve("big");
    Files.writeString(big, "x".repeat(100) + "\n");
    for (int i = 0; i < 11; i++) {
      Files.write(big, Files.readAllBytes(big), java.nio.file.StandardOpenOption.APPEND);
    }
    assertThat(collect(big, lines())).isEqualTo(2048);
  }

  @Test
  void aMissingFileIsAFailure() {
    Path missing = directory.resolve("missing");

    assertThatThrownBy(() -> collect(missing, Map.of()))
        .isInstanceOf(CollectException.class)
        .hasMessage("no such file: " + missing);
    assertThatThrownBy(() -> collect(missing, lines()))
        .isInstanceOf(CollectException.class)
        .hasMessage("no such file: " + missing);
  }

  @Test
  void refusesAFifoAtOnceWithoutOpeningIt() throws Exception {
    Path fifo = directory.resolve("queue");
    Process mkfifo = new ProcessBuilder("mkfifo", fifo.toString()).inheritIO().start();
    assertThat(mkfifo.waitFor()).isZero();
    Path link = Files.createSymbolicLink(directory.resolve("link-to-queue"), fifo);

    for (String mode : List.of("size", "age", "lines")) {
      // Opening a FIFO with no writer blocks in a call no interrupt ends: mode=lines did that.
      assertRefusedPromptly(fifo, mode, fifo + " is a FIFO, not a regular file");
      assertRefusedPromptly(link, mode, link + " is a FIFO, not a regular file");
    }
  }

  @Test
  void refusesDirectoriesSocketsAndDevices() throws Exception {
    Path socketFile = directory.resolve("app.sock");
    try (ServerSocketChannel socket = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
      socket.bind(UnixDomainSocketAddress.of(socketFile));
      for (String mode : List.of("size", "lines")) {
        assertRefusedPromptly(directory, mode, directory + " is a directory, not a regular file");
        assertRefusedPromptly(socketFile, mode, socketFile + " is a socket, not a regular file");
        assertRefusedPromptly(
            Path.of("/dev/zero"), mode, "/dev/zero is a character device, not a regular file");
      }
    }
  }

  @Test
  void followsSymbolicLinksToRegularFiles() throws Exception {
    Path file = Files.writeString(directory.resolve("real.log"), "a\nb\n");
    Path link = Files.createSymbolicLink(directory.resolve("current.log"), file);

    assertThat(collect(link, lines())).isEqualTo(2);
    assertThat(collect(link, Map.of())).isEqualTo(4);
  }

  /**
   * Collects on a thread of its own and expects the failure within seconds; a thread still blocked
   * then fails the test and is released by opening the FIFO for writing.
   */
  private void assertRefusedPromptly(Path path, String mode, String message) throws Exception {
    FutureTask<Double> run = new FutureTask<>(() -> collect(path, Map.of("mode", mode)));
    Thread thread = new Thread(run, "collect-" + path.getFileName());
    thread.setDaemon(true);
    thread.start();
    try {
      assertThatThrownBy(() -> run.get(10, TimeUnit.SECONDS))
          .as("%s with mode=%s", path, mode)
          .isInstanceOf(ExecutionException.class)
          .cause()
          .isInstanceOf(CollectException.class)
          .hasMessage(message);
      thread.join(10_000);
      assertThat(thread.isAlive()).as("the collecting thread ended").isFalse();
    } finally {
      if (thread.isAlive() && Files.exists(path)) {
        new RandomAccessFile(path.toFile(), "rw").close(); // a writer: the open returns
      }
    }
  }

  @Test
  void refusesUnknownModesAndOptions() {
    assertThatThrownBy(() -> collector.check("/tmp/x", Map.of("mode", "mtime")))
        .hasMessage("mode 'mtime' is not size, age or lines");
    assertThatThrownBy(() -> collector.check("/tmp/x", Map.of("unit", "kb")))
        .hasMessage("unknown option 'unit' (known: mode)");
    assertThatThrownBy(() -> collector.check(" ", Map.of()))
        .hasMessage("needs a target: a file path");
  }

  private static Map<String, String> lines() {
    return Map.of("mode", "lines");
  }

  private double collect(Path file, Map<String, String> options) throws Exception {
    return collector.collect(
        new CollectRequest("item", file.toString(), options, Duration.ofSeconds(5)));
  }
}
