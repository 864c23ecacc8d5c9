package dev.pacer.testing;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Moves a node process's wall clock while it runs: a small library preloaded into the process
 * ({@code clockshift.c}, compiled here with the machine's gcc) shifts {@code CLOCK_REALTIME} by
 * what a file says, read again every second; the monotonic clocks stay true, as with a clock that
 * an operator or a bad NTP step moves. (Debian's libfaketime would do the same, but hangs the JVM
 * here.)
 */
public final class ClockShift {
  private final Path file;
  private final Path library;

  private ClockShift(Path file, Path library) {
    this.file = file;
    this.library = library;
  }

  /** A clock, unshifted to begin with, whose file lives in {@code directory}. */
  public static ClockShift in(Path directory) throws IOException, InterruptedException {
    ClockShift clock = new ClockShift(directory.resolve("clock-shift"), library());
    clock.shift(Duration.ZERO);
    return clock;
  }

  private static synchronized Path library() throws IOException, InterruptedException {
    Path library = Path.of("target", "clockshift.so").toAbsolutePath();
    if (Files.exists(library)) {
      return library;
    }
    Path source = Files.createTempFile("clockshift", ".c");
    try (InputStream in = ClockShift.class.getResourceAsStream("/clockshift/clockshift.c")) {
      Files.write(source, in.readAllBytes());
    }
    Process gcc =
        new ProcessBuilder(
                "gcc",
                "-shared",
                "-fPIC",
                "-O2",
                "-o",
                library.toString(),
                source.toString(),
                "-ldl")
            .redirectErrorStream(true)
            .start();
    String output = new String(gcc.getInputStream().readAllBytes());
    if (!gcc.waitFor(2, TimeUnit.MINUTES) || gcc.exitValue() != 0) {
      throw new IllegalStateException("cannot build the clock shift library with gcc: " + output);
    }
    return library;
  }

  /** The environment that puts a node process under this clock. */
  public Map<String, String> environment() {
    return Map.of("LD_PRELOAD", library.toString(), "CLOCK_SHIFT_FILE", file.toString());
  }

  /** Moves the clock: positive is ahead of the true time. Takes effect within a second. */
  public void shift(Duration by) throws IOException {
    Path next = file.resolveSibling(file.getFileName() + ".new");
    Files.writeString(next, Long.toString(by.toMillis()) + "\n");
    Files.move(next, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
  }
}
