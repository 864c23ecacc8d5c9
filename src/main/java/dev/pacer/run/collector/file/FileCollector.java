package dev.pacer.run.collector.file;

import static java.util.Objects.requireNonNull;

import dev.pacer.run.collector.CollectException;
import dev.pacer.run.collector.CollectRequest;
import dev.pacer.run.collector.Collector;
import dev.pacer.run.collector.CollectorOptions;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Clock;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Measures a file: {@code mode} {@code size} (bytes, the default), {@code age} (seconds since it
 * was last modified) or {@code lines} (newline-terminated lines, plus an unterminated last one). A
 * relative path starts at the Pacer directory. Only a regular file (or a symbolic link to one) is
 * measured: a directory, FIFO, socket or device is a failure, found without opening it.
 */
@Singleton
public final class FileCollector implements Collector {
  private static final Set<String> MODES = Set.of("size", "age", "lines");

  private final Clock clock;

  @Inject
  public FileCollector(Clock clock) {
    this.clock = requireNonNull(clock);
  }

  @Override
  public String name() {
    return "file";
  }

  @Override
  public void check(String target, Map<String, String> options) {
    CollectorOptions.requireKnown(options, Set.of("mode"));
    String path = CollectorOptions.requireTarget(target, "a file path");
    try {
      Path.of(path);
    } catch (InvalidPathException e) {
      throw new IllegalArgumentException("target is not a file path: " + e.getReason());
    }
    mode(options);
  }

  @Override
  public double collect(CollectRequest request) throws Exception {
    CollectorOptions.requireValid(this, request);
    Path path = Path.of(request.target().trim());
    try {
      // Looked at before anything opens it: opening a FIFO waits for a writer in a call no
      // interrupt ends, so every run of such an item would cost a thread for good. (A file
      // swapped for a FIFO between this look and the open of mode=lines can still do that.)
      BasicFileAttributes attributes = Files.readAttributes(path, BasicFileAttributes.class);
      if (!attributes.isRegularFile()) {
        throw new CollectException(
            path + " is " + FileKind.of(path, attributes) + ", not a regular file");
      }
      return switch (mode(request.options())) {
        case "age" ->
            Duration.between(attributes.lastModifiedTime().toInstant(), clock.instant()).toMillis()
                / 1000.0;
        case "lines" -> lines(path);
        default -> attributes.size();
      };
    } catch (NoSuchFileException e) {
      throw new CollectException("no such file: " + path);
    } catch (IOException e) {
      throw new CollectException("cannot read " + path + ": " + e.getMessage(), e);
    }
  }

  private static String mode(Map<String, String> options) {
    String mode = options.getOrDefault("mode", "size").trim().toLowerCase(Locale.ROOT);
    if (!MODES.contains(mode)) {
      throw new IllegalArgumentException("mode '" + mode + "' is not size, age or lines");
    }
    return mode;
  }

  private static long lines(Path path) throws IOException, InterruptedException {
    long lines = 0;
    int last = '\n';
    byte[] buffer = new byte[64 * 1024];
    try (InputStream in = Files.newInputStream(path)) {
      for (int n; (n = in.read(buffer)) > 0; ) {
        // A huge file is read in chunks; the run's timeout may interrupt between them.
        if (Thread.interrupted()) {
          throw new InterruptedException();
        }
        for (int i = 0; i < n; i++) {
          if (buffer[i] == '\n') {
            lines++;
          }
        }
        last = buffer[n - 1];
      }
    }
    return last == '\n' ? lines : lines + 1;
  }
}
